import type { SkuSnapshot } from '@app/catalog';
import { priceLines } from './order-pricing';

const snap = (skuId: number, price: number, stock: number, extra: Partial<SkuSnapshot> = {}): SkuSnapshot => ({
  skuId,
  productId: skuId * 10,
  title: `商品${skuId}`,
  specText: '白 / M',
  image: 'https://img/x.png',
  price,
  linePrice: null,
  stock,
  categoryIds: [],
  limitPerOrder: null,
  limitPerUser: null,
  available: true,
  unavailableReason: null,
  ...extra,
});
const rule = { shippingFee: 1000, freeShippingThreshold: 9900 };

describe('priceLines', () => {
  it('totals lines and charges shipping below the threshold', () => {
    const p = priceLines([{ skuId: 1, quantity: 2 }], new Map([[1, snap(1, 2500, 10)]]), rule);
    expect(p).toMatchObject({ itemsTotal: 5000, shippingFee: 1000, payAmount: 6000, problems: [] });
    expect(p.lines[0]).toMatchObject({ unitPrice: 2500, lineTotal: 5000, title: '商品1', problem: null });
  });

  it('ships free at exactly the threshold', () => {
    const p = priceLines([{ skuId: 1, quantity: 1 }], new Map([[1, snap(1, 9900, 10)]]), rule);
    expect([p.shippingFee, p.payAmount]).toEqual([0, 9900]);
  });

  it('reports problem lines and leaves them out of the totals', () => {
    const snaps = new Map([
      [1, snap(1, 1000, 10)],
      [2, snap(2, 500, 1)],
      [3, snap(3, 500, 0)],
      [4, snap(4, 500, 5, { available: false, unavailableReason: 'off_sale' })],
    ]);
    const p = priceLines(
      [
        { skuId: 1, quantity: 1 },
        { skuId: 2, quantity: 2 },
        { skuId: 3, quantity: 1 },
        { skuId: 4, quantity: 1 },
        { skuId: 5, quantity: 1 },
      ],
      snaps,
      rule,
    );
    expect(p.problems).toEqual([
      { skuId: 2, problem: 'stock_short' },
      { skuId: 3, problem: 'out_of_stock' },
      { skuId: 4, problem: 'off_sale' },
      { skuId: 5, problem: 'not_found' },
    ]);
    expect([p.itemsTotal, p.shippingFee, p.payAmount]).toEqual([1000, 1000, 2000]);
  });

  it('charges no shipping when nothing can be ordered', () => {
    const p = priceLines([{ skuId: 9, quantity: 1 }], new Map(), rule);
    expect([p.itemsTotal, p.shippingFee, p.payAmount]).toEqual([0, 0, 0]);
  });
});
