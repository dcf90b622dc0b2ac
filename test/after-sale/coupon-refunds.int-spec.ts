import { ledgerMismatches } from '@app/testing';
import { type Bought, NOTIFY, type PayWorld, pressPay, startPayWorld } from '../payments/pay-fixtures';
import { type TemplateTerms, orderWithCoupon } from '../promotions/coupon-fixtures';
import { settleRefund, ship } from './as-fixtures';

interface Item {
  id: number;
  quantity: number;
  lineTotal: number;
  discountAmount: number;
  paidAmount: number;
}

/** Refunds of items bought with a coupon: shared out of what was paid for them, never giving the coupon back. */
describe('after-sale refunds of discounted items', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '100000', AFTER_SALE_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  const apply = (token: string, orderId: number, items: { orderItemId: number; quantity: number }[]) =>
    w.t.http.post('/api/v1/after-sales', { reason: 'other', type: 'refund_only', orderId, items }, { token });

  /** A paid order of these lines with a coupon of `terms` applied. */
  async function paidWithCoupon(
    lines: { price: number; quantity: number }[],
    terms: TemplateTerms,
  ): Promise<Bought & { couponId: number; items: Item[] }> {
    const { token, userId, couponId, skuIds, res } = await orderWithCoupon(w.t, w.owner, lines, terms, 100);
    const b: Bought = {
      token,
      userId,
      orderId: res.body.id,
      orderNo: res.body.orderNo,
      payAmount: res.body.payAmount,
      skuId: skuIds[0]!,
    };
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    return { ...b, couponId, items: res.body.items };
  }

  it('unit by unit after shipping: the refunds sum to what was paid for the items, the coupon stays used', async () => {
    // 3 x 3333 + 1 x 1001 = 11000; 1000 off shared 909 / 91.
    const o = await paidWithCoupon(
      [
        { price: 3333, quantity: 3 },
        { price: 1001, quantity: 1 },
      ],
      { kind: 'amount_off', amount: 1000, threshold: 10000 },
    );
    expect(o.items.map((i) => [i.lineTotal, i.discountAmount, i.paidAmount])).toEqual([
      [9999, 909, 9090],
      [1001, 91, 910],
    ]);
    expect(o.payAmount).toBe(11000 - 1000 + 800);
    await ship(w, o.orderId);
    const [a, b] = o.items;
    const preview = await w.t.http.get(`/api/v1/after-sales/preview?orderId=${o.orderId}`, { token: o.token });
    expect(preview.body.items.map((i: { refundableAmount: number }) => i.refundableAmount)).toEqual([9090, 910]);
    let total = 0;
    for (const [item, q] of [
      [a!, 1],
      [a!, 1],
      [b!, 1],
      [a!, 1],
    ] as const) {
      const res = await apply(o.token, o.orderId, [{ orderItemId: item.id, quantity: q }]);
      expect(res.status).toBe(201);
      total += res.body.refundAmount as number;
      await w.t.http.post(`/api/v1/admin/after-sales/${res.body.id}/approve`, undefined, { token: operator });
      await settleRefund(w, res.body.id);
    }
    expect(total).toBe(9090 + 910);
    expect(
      await w.t.sql('SELECT refunded_quantity, refunded_amount, paid_amount FROM order_item WHERE order_id = ? ORDER BY id', [o.orderId]),
    ).toEqual([
      { refunded_quantity: 3, refunded_amount: 9090, paid_amount: 9090 },
      { refunded_quantity: 1, refunded_amount: 910, paid_amount: 910 },
    ]);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [o.orderId])).toEqual([
      { status: 'closed', paid_amount: o.payAmount, refunded_amount: 10000 },
    ]);
    // A refund never gives the coupon back.
    expect((await w.t.http.get(`/api/v1/coupons/${o.couponId}`, { token: o.token })).body).toMatchObject({
      state: 'used',
      orderId: o.orderId,
    });
  });

  it('a paid amount that does not divide by the units: one unit at a time, the refunds sum to it exactly', async () => {
    // 4 x 2500 + 1 x 1001 = 11001; 1001 off shared 909.9 / 91.08: the first line takes the odd fen (910 / 91).
    const o = await paidWithCoupon(
      [
        { price: 2500, quantity: 4 },
        { price: 1001, quantity: 1 },
      ],
      { kind: 'amount_off', amount: 1001, threshold: 11_000 },
    );
    const [a] = o.items;
    expect([a!.lineTotal, a!.discountAmount, a!.paidAmount]).toEqual([10_000, 910, 9090]); // 9090 / 4 = 2272.5
    await ship(w, o.orderId);
    const amounts: number[] = [];
    const preview: number[] = [];
    for (let unit = 0; unit < 4; unit++) {
      const p = await w.t.http.get(`/api/v1/after-sales/preview?orderId=${o.orderId}`, { token: o.token });
      preview.push(p.body.items[0].refundableAmount as number);
      const res = await apply(o.token, o.orderId, [{ orderItemId: a!.id, quantity: 1 }]);
      expect(res.status).toBe(201);
      amounts.push(res.body.refundAmount as number);
      await w.t.http.post(`/api/v1/admin/after-sales/${res.body.id}/approve`, undefined, { token: operator });
      await settleRefund(w, res.body.id);
    }
    // Cumulative shares floor(9090 x k / 4): 2272, 4545, 6817, 9090.
    expect(amounts).toEqual([2272, 2273, 2272, 2273]);
    expect(preview).toEqual([9090, 9090 - 2272, 9090 - 4545, 9090 - 6817]);
    expect(amounts.reduce((x, y) => x + y, 0)).toBe(a!.paidAmount);
    // What WeChat Pay refunded, and what the item and the order record, are the same amounts.
    const refunds = await w.t.sql<{ amount: number; status: string }>(
      'SELECT r.amount, r.status FROM refund r JOIN after_sale s ON s.refund_id = r.id WHERE s.order_id = ? ORDER BY r.id',
      [o.orderId],
    );
    expect(refunds.map((r) => [r.amount, r.status])).toEqual(amounts.map((x) => [x, 'succeeded']));
    expect(await w.t.sql('SELECT refunded_quantity, refunded_amount, paid_amount FROM order_item WHERE id = ?', [a!.id])).toEqual([
      { refunded_quantity: 4, refunded_amount: 9090, paid_amount: 9090 },
    ]);
    expect(await w.t.sql('SELECT status, refunded_amount FROM orders WHERE id = ?', [o.orderId])).toEqual([
      { status: 'shipped', refunded_amount: 9090 },
    ]);
    const more = await apply(o.token, o.orderId, [{ orderItemId: a!.id, quantity: 1 }]);
    expect([more.status, more.body.code]).toEqual([409, 'AFTER_SALE_QUANTITY_EXCEEDED']);
  });

  it('everything before shipping: items plus the fee is exactly what was paid; a percent coupon', async () => {
    const o = await paidWithCoupon(
      [
        { price: 1999, quantity: 2 },
        { price: 777, quantity: 3 },
        { price: 5, quantity: 1 },
      ],
      { kind: 'percent_off', ratePercent: 88, maxDiscount: 10_000 },
    );
    // 3998 + 2331 + 5 = 6334; 12% = 760.08 -> 760.
    expect(o.items.reduce((a, i) => a + i.discountAmount, 0)).toBe(760);
    expect(o.payAmount).toBe(6334 - 760 + 800);
    const res = await apply(
      o.token,
      o.orderId,
      o.items.map((i) => ({ orderItemId: i.id, quantity: i.quantity })),
    );
    expect(res.body).toMatchObject({ refundAmount: o.payAmount, shippingAmount: 800 });
    await w.t.http.post(`/api/v1/admin/after-sales/${res.body.id}/approve`, undefined, { token: operator });
    await settleRefund(w, res.body.id);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [o.orderId])).toEqual([
      { status: 'closed', paid_amount: o.payAmount, refunded_amount: o.payAmount },
    ]);
    expect((await w.t.http.get(`/api/v1/coupons/${o.couponId}`, { token: o.token })).body.state).toBe('used');
    expect(await ledgerMismatches(w.t)).toEqual([]);
  });
});
