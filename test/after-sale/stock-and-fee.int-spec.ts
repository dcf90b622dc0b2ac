import { ledgerMismatches, stockMismatches } from '@app/testing';
import { drainJobs, type PayWorld, REFUND_NOTIFY, startPayWorld } from '../payments/pay-fixtures';
import { paidOrder, settleRefund, ship } from './as-fixtures';

/** domain.md "Stock and fee, decided when money moves". */
describe('after-sale: stock and shipping fee, decided when money moves', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '1000000' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  const apply = (token: string, body: Record<string, unknown>) =>
    w.t.http.post('/api/v1/after-sales', { reason: 'no_longer_needed', type: 'refund_only', ...body }, { token });
  const admin = (id: number, action: string, body?: unknown) =>
    w.t.http.post(`/api/v1/admin/after-sales/${id}/${action}`, body, { token: operator });
  const stockOf = async (skuId: number): Promise<number> => (await w.t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock;
  const restocks = (skuId: number) =>
    w.t.sql("SELECT delta, ref_type, ref_id FROM stock_movement WHERE sku_id = ? AND reason = 'refund_restock' ORDER BY id", [skuId]);
  const orderRow = async (orderId: number) =>
    (await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [orderId]))[0];
  afterEach(async () => {
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  });

  it('units refunded before shipping come back to stock once, when the refund succeeds', async () => {
    const o = await paidOrder(w, [{ price: 1000, quantity: 2, stock: 183 }]);
    expect(await stockOf(o.skuId)).toBe(181);
    const a = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    expect(a.status).toBe(201);
    await admin(a.body.id, 'approve');
    expect(await stockOf(o.skuId)).toBe(181); // requested and approved: the money has not moved yet
    await settleRefund(w, a.body.id);
    expect(await stockOf(o.skuId)).toBe(182);
    expect(await restocks(o.skuId)).toEqual([{ delta: 1, ref_type: 'after_sale', ref_id: a.body.id }]);

    // A duplicate refund notification changes nothing.
    const [{ out_refund_no }] = await w.t.sql('SELECT out_refund_no FROM refund WHERE after_sale_id = ?', [a.body.id]);
    const again = await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(out_refund_no));
    expect(again.status).toBe(204);
    expect(await stockOf(o.skuId)).toBe(182);

    await ship(w, o.orderId);
    expect(await stockOf(o.skuId)).toBe(182);
    expect(await restocks(o.skuId)).toHaveLength(1);
  });

  it('a fully refunded order that never shipped closes and gives all its stock back', async () => {
    const o = await paidOrder(w, [
      { price: 1500, quantity: 3, stock: 50 },
      { price: 700, quantity: 1, stock: 50 },
    ]);
    const [first, second] = o.items;
    const a = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: first!.id, quantity: 3 }] });
    const b = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: second!.id, quantity: 1 }] });
    await admin(a.body.id, 'approve');
    await admin(b.body.id, 'approve');
    await settleRefund(w, a.body.id);
    await settleRefund(w, b.body.id);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: 5200 + 800, refunded_amount: 5200 + 800 });
    expect(await w.t.sql('SELECT id, stock FROM sku WHERE id IN (?, ?) ORDER BY id', [first!.skuId, second!.skuId])).toEqual([
      { id: first!.skuId, stock: 50 },
      { id: second!.skuId, stock: 50 },
    ]);
  });

  it('a failed refund returns nothing; its successful retry restocks once', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 2, stock: 10 }]);
    const a = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    await admin(a.body.id, 'approve');
    await settleRefund(w, a.body.id, 'CLOSED');
    expect(await stockOf(o.skuId)).toBe(8);
    const [{ out_refund_no }] = await w.t.sql('SELECT out_refund_no FROM refund WHERE after_sale_id = ?', [a.body.id]);
    w.pay.refunds.delete(out_refund_no);
    expect((await admin(a.body.id, 'retry-refund')).status).toBe(200);
    await settleRefund(w, a.body.id);
    expect(await stockOf(o.skuId)).toBe(9);
    expect(await restocks(o.skuId)).toHaveLength(1);
  });

  it('a refund-only request after shipping does not restock (the goods are with the buyer)', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 2, stock: 10 }]);
    await ship(w, o.orderId);
    const a = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: o.items[0]!.id, quantity: 2 }] });
    expect(a.body.shippingAmount).toBe(0);
    await admin(a.body.id, 'approve');
    await settleRefund(w, a.body.id);
    expect(await stockOf(o.skuId)).toBe(8);
    expect(await restocks(o.skuId)).toEqual([]);
    expect(await orderRow(o.orderId)).toMatchObject({ status: 'closed', refunded_amount: 4000 });
  });

  it('an open request that is then cancelled does not give the next one the fee (issue 13 #2)', async () => {
    const o = await paidOrder(w, [
      { price: 2500, quantity: 1 },
      { price: 1999, quantity: 1 },
    ]);
    expect(o.payAmount).toBe(5299);
    const [x, y] = o.items;
    const ax = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: x!.id, quantity: 1 }] });
    expect(ax.body).toMatchObject({ refundAmount: 2500, shippingAmount: 0 });
    const quoted = await w.t.http.post(
      '/api/v1/after-sales/quote',
      { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: y!.id, quantity: 1 }] },
      { token: o.token },
    );
    expect(quoted.body).toMatchObject({ itemsAmount: 1999, shippingAmount: 0, total: 1999 });
    const ay = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: y!.id, quantity: 1 }] });
    expect(ay.body).toMatchObject({ refundAmount: 1999, shippingAmount: 0 });
    await w.t.http.post(`/api/v1/after-sales/${ax.body.id}/cancel`, undefined, { token: o.token });
    const approved = await admin(ay.body.id, 'approve');
    expect(approved.body).toMatchObject({ status: 'refunding', refundAmount: 1999, shippingAmount: 0 });
    await settleRefund(w, ay.body.id);
    await ship(w, o.orderId);
    expect(await orderRow(o.orderId)).toEqual({ status: 'shipped', paid_amount: 5299, refunded_amount: 1999 });
  });

  it('the approval that leaves nothing to ship carries the fee, whatever was quoted', async () => {
    const o = await paidOrder(w, [
      { price: 2500, quantity: 1 },
      { price: 1999, quantity: 1 },
    ]);
    const [x, y] = o.items;
    const ax = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: x!.id, quantity: 1 }] });
    const ay = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: y!.id, quantity: 1 }] });
    expect([ax.body.shippingAmount, ay.body.shippingAmount]).toEqual([0, 0]);
    expect((await admin(ax.body.id, 'approve')).body).toMatchObject({ refundAmount: 2500, shippingAmount: 0 });
    // X's money is moving and cannot be taken back: Y is now the refund that leaves nothing to ship.
    expect((await admin(ay.body.id, 'approve')).body).toMatchObject({ refundAmount: 2799, shippingAmount: 800, requestedAmount: 1999 });
    await settleRefund(w, ax.body.id);
    await settleRefund(w, ay.body.id);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: 5299, refunded_amount: 5299 });
  });

  it('a lowered approval does not leak part of the fee', async () => {
    const o = await paidOrder(w, [
      { price: 2500, quantity: 1 },
      { price: 1999, quantity: 1 },
    ]);
    const [x, y] = o.items;
    const ay = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: y!.id, quantity: 1 }] });
    const ax = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: x!.id, quantity: 1 }] });
    const lowered = await admin(ax.body.id, 'approve', { refundAmount: 1500 });
    expect(lowered.body).toMatchObject({ refundAmount: 1500, shippingAmount: 0, items: [expect.objectContaining({ amount: 1500 })] });
    await admin(ay.body.id, 'reject', { reason: '已发货' });
    await settleRefund(w, ax.body.id);
    await ship(w, o.orderId);
    expect(await orderRow(o.orderId)).toEqual({ status: 'shipped', paid_amount: 5299, refunded_amount: 1500 });
    expect(await w.t.sql('SELECT SUM(shipping_amount) AS s FROM after_sale WHERE order_id = ?', [o.orderId])).toEqual([{ s: 0 }]);
  });

  it('two concurrent approvals of the last two requests: exactly one carries the fee', async () => {
    for (let round = 0; round < 4; round++) {
      const o = await paidOrder(w, [
        { price: 1200, quantity: 1 },
        { price: 3400, quantity: 2 },
      ]);
      const [x, y] = o.items;
      const ax = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: x!.id, quantity: 1 }] });
      const ay = await apply(o.token, { orderId: o.orderId, items: [{ orderItemId: y!.id, quantity: 2 }] });
      const results = await Promise.all([admin(ax.body.id, 'approve'), admin(ay.body.id, 'approve')]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(results.map((r) => r.body.shippingAmount).sort()).toEqual([0, 800]);
      await drainJobs(w);
      await settleRefund(w, ax.body.id);
      await settleRefund(w, ay.body.id);
      expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: 8800, refunded_amount: 8800 });
    }
  });
});
