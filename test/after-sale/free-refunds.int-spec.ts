import { createAddress, createShopProduct, ledgerMismatches, placeOrder } from '@app/testing';
import { type Bought, NOTIFY, type PayWorld, pressPay, startPayWorld } from '../payments/pay-fixtures';
import { couponFor, orderWithCoupon } from '../promotions/coupon-fixtures';
import { runner, settleRefund, ship } from './as-fixtures';

interface Item {
  id: number;
  skuId: number;
  quantity: number;
  lineTotal: number;
  discountAmount: number;
  paidAmount: number;
}

/**
 * After-sales where nothing (or nothing of an item) was paid: a 0-fen order (ALLOW_FREE_ORDERS) and items a coupon
 * covered entirely. No money moves, so no refund goes to WeChat Pay; the goods and the order's books still follow.
 */
describe('after-sales of free orders and fully discounted items', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '1000', ALLOW_FREE_ORDERS: 'true', AFTER_SALE_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  const apply = (token: string, body: Record<string, unknown>) => w.t.http.post('/api/v1/after-sales', body, { token });
  const refundRows = (orderId: number) => w.t.sql('SELECT id FROM refund WHERE order_id = ?', [orderId]);

  async function order(lines: { price: number; quantity: number }[], terms: Parameters<typeof couponFor>[3]) {
    const { res, ...o } = await orderWithCoupon(w.t, w.owner, lines, terms, 10);
    return {
      ...o,
      body: res.body as { id: number; orderNo: string; payAmount: number; items: Item[] },
    };
  }

  const stockOf = async (skuId: number) => (await w.t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0]!.stock as number;

  it('a 0-fen order: refund-only before shipping completes at once without WeChat Pay, restocks, closes the order', async () => {
    const o = await order([{ price: 1200, quantity: 2 }], { kind: 'no_threshold', amount: 5000 });
    expect(o.body).toMatchObject({ status: 'paid', payAmount: 0 });
    expect(await stockOf(o.skuIds[0]!)).toBe(8);
    const preview = await w.t.http.get(`/api/v1/after-sales/preview?orderId=${o.body.id}`, { token: o.token });
    expect(preview.status).toBe(200);
    expect(preview.body.items.map((i: { refundableAmount: number }) => i.refundableAmount)).toEqual([0]);

    const res = await apply(o.token, {
      orderId: o.body.id,
      type: 'refund_only',
      reason: 'other',
      items: [{ orderItemId: o.body.items[0]!.id, quantity: 2 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ refundAmount: 0, shippingAmount: 0, status: 'requested' });
    const approved = await w.t.http.post(`/api/v1/admin/after-sales/${res.body.id}/approve`, undefined, { token: operator });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('refunded');
    await runner(w).drain(100);
    expect(await refundRows(o.body.id)).toEqual([]);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [o.body.id])).toEqual([
      { status: 'closed', paid_amount: 0, refunded_amount: 0 },
    ]);
    expect(await w.t.sql('SELECT refunded_quantity, refunded_amount FROM order_item WHERE order_id = ?', [o.body.id])).toEqual([
      { refunded_quantity: 2, refunded_amount: 0 },
    ]);
    expect(await stockOf(o.skuIds[0]!)).toBe(10);
    expect(
      (await w.t.sql('SELECT from_status, to_status, actor FROM after_sale_event WHERE after_sale_id = ? ORDER BY id', [res.body.id])).map(
        (e) => `${e.from_status}->${e.to_status}:${e.actor}`,
      ),
    ).toEqual(['null->requested:user', 'requested->refunding:admin', 'refunding->refunded:system']);
    // A refund never gives the coupon back, even when nothing was paid.
    expect((await w.t.http.get(`/api/v1/coupons/${o.couponId}`, { token: o.token })).body.state).toBe('used');
    expect(await ledgerMismatches(w.t)).toEqual([]);
  });

  it('a fully discounted item returned after shipping: received, restocked, refunded 0 without WeChat Pay; the paid item still refunds', async () => {
    // 1000 + 300: a 1000-off coupon on the first product only covers it entirely; the second is paid in full.
    const { token, userId } = await w.t.loginUser();
    const addressId = await createAddress(w.t, token);
    const p = await createShopProduct(w.t, w.owner, [{ price: 1000, stock: 10 }]);
    const q = await createShopProduct(w.t, w.owner, [{ price: 300, stock: 10 }]);
    const couponId = await couponFor(w.t, w.owner, token, {
      kind: 'no_threshold',
      amount: 1000,
      scope: 'products',
      scopeIds: [p.productId],
    });
    const res = await placeOrder(w.t, token, {
      items: [
        { skuId: p.skuIds[0]!, quantity: 1 },
        { skuId: q.skuIds[0]!, quantity: 1 },
      ],
      addressId,
      couponId,
    });
    expect(res.status).toBe(201);
    const items = res.body.items as Item[];
    expect(items.map((i) => [i.lineTotal, i.discountAmount, i.paidAmount])).toEqual([
      [1000, 1000, 0],
      [300, 0, 300],
    ]);
    expect(res.body).toMatchObject({ itemsTotal: 1300, shippingFee: 0, discountTotal: 1000, payAmount: 300 });
    const b: Bought = { token, userId, orderId: res.body.id, orderNo: res.body.orderNo, payAmount: 300, skuId: p.skuIds[0]! };
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    await ship(w, b.orderId);

    const free = await apply(token, {
      orderId: b.orderId,
      type: 'return_refund',
      reason: 'other',
      items: [{ orderItemId: items[0]!.id, quantity: 1 }],
    });
    expect(free.status).toBe(201);
    expect(free.body.refundAmount).toBe(0);
    await w.t.http.post(`/api/v1/admin/after-sales/${free.body.id}/approve`, undefined, { token: operator });
    const sent = await w.t.http.post(
      `/api/v1/after-sales/${free.body.id}/return-shipment`,
      { expressCompany: 'SF', trackingNo: 'SF0000000001' },
      { token },
    );
    expect(sent.status).toBe(200);
    const received = await w.t.http.post(`/api/v1/admin/after-sales/${free.body.id}/receive`, undefined, { token: operator });
    expect([received.status, received.body.status]).toEqual([200, 'refunded']);
    await runner(w).drain(100);
    expect(await refundRows(b.orderId)).toEqual([]);
    expect(await stockOf(p.skuIds[0]!)).toBe(10);

    // The paid item refunds its 300 through WeChat Pay; the order then closes with what was paid refunded.
    const paid = await apply(token, {
      orderId: b.orderId,
      type: 'refund_only',
      reason: 'other',
      items: [{ orderItemId: items[1]!.id, quantity: 1 }],
    });
    expect(paid.body.refundAmount).toBe(300);
    await w.t.http.post(`/api/v1/admin/after-sales/${paid.body.id}/approve`, undefined, { token: operator });
    await settleRefund(w, paid.body.id);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [b.orderId])).toEqual([
      { status: 'closed', paid_amount: 300, refunded_amount: 300 },
    ]);
    expect(await w.t.sql('SELECT refunded_quantity, refunded_amount FROM order_item WHERE order_id = ? ORDER BY id', [b.orderId])).toEqual([
      { refunded_quantity: 1, refunded_amount: 0 },
      { refunded_quantity: 1, refunded_amount: 300 },
    ]);
    expect(await ledgerMismatches(w.t)).toEqual([]);
  });
});
