import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createAddress,
  createShopProduct,
  type HttpResult,
  ledgerMismatches,
  mapLimit,
  placeOrder,
  startTestApp,
  type TestApp,
} from '@app/testing';

/**
 * A promotion starts: many buyers hit one SKU at once over real HTTP. The conditional stock update
 * must never oversell, and losers must get a clear 409, never a 500.
 */
describe('hot SKU', () => {
  let t: TestApp;
  let owner: string;
  const buyers: { token: string; addressId: number }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { DB_POOL_SIZE: '20' } });
    owner = await t.loginAdmin();
    // Signed up a few at a time: the rush below is what the test is about, not the setup.
    const signedUp = await mapLimit(
      Array.from({ length: 300 }, (_, i) => `o_hot_${i}`),
      6,
      async (openid) => {
        const u = await t.loginUser(openid);
        return { token: u.token, addressId: await createAddress(t, u.token) };
      },
    );
    buyers.push(...signedUp);
  }, 120_000);
  afterAll(() => t?.close());

  async function rush(skuId: number, quantity: (i: number) => number): Promise<{ results: HttpResult[]; ms: number }> {
    const started = performance.now();
    const results = await Promise.all(
      buyers.map((b, i) => placeOrder(t, b.token, { items: [{ skuId, quantity: quantity(i) }], addressId: b.addressId })),
    );
    return { results, ms: performance.now() - started };
  }

  it('300 buyers, stock 100, quantity 1: exactly 100 orders, stock 0, 100 ledger rows, no 500s', async () => {
    const p = await createShopProduct(t, owner, [{ price: 990, stock: 100 }]);
    const skuId = p.skuIds[0]!;
    const { results, ms } = await rush(skuId, () => 1);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(100);
    expect(results.filter((r) => r.status !== 201).every((r) => r.status === 409 && r.body.code === 'OUT_OF_STOCK')).toBe(true);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId])).toEqual([{ stock: 0 }]);
    expect(await t.sql("SELECT COUNT(*) AS n FROM stock_movement WHERE sku_id = ? AND reason = 'order'", [skuId])).toEqual([{ n: 100 }]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders o JOIN order_item i ON i.order_id = o.id WHERE i.sku_id = ?', [skuId])).toEqual([
      { n: 100 },
    ]);
    expect(await ledgerMismatches(t)).toEqual([]);
    const perSecond = Math.round((300 / ms) * 1000);
    mkdirSync(join(__dirname, '../../bench/results'), { recursive: true });
    writeFileSync(
      join(__dirname, '../../bench/results/hot-sku-test.json'),
      `${JSON.stringify({ requests: 300, stock: 100, created: 100, ms: Math.round(ms), requestsPerSecond: perSecond, at: new Date().toISOString() }, null, 2)}\n`,
    );
  });

  it('mixed quantities (1-3) never oversell either', async () => {
    const p = await createShopProduct(t, owner, [{ price: 990, stock: 100 }]);
    const skuId = p.skuIds[0]!;
    const qty = (i: number): number => 1 + (i % 3);
    const { results } = await rush(skuId, qty);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const sold = results.reduce((a, r, i) => a + (r.status === 201 ? qty(i) : 0), 0);
    const [{ stock }] = await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]);
    expect(sold + stock).toBe(100);
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(stock).toBeLessThan(3); // sold out as far as any buyer's quantity allows
    const [{ s }] = await t.sql("SELECT -SUM(delta) AS s FROM stock_movement WHERE sku_id = ? AND reason = 'order'", [skuId]);
    expect(s).toBe(sold);
    expect(await ledgerMismatches(t)).toEqual([]);
  });
});
