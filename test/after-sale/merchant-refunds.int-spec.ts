import { ledgerMismatches, stockMismatches } from '@app/testing';
import { drainJobs, type PayWorld, startPayWorld } from '../payments/pay-fixtures';
import { paidOrder, settleRefund, ship } from './as-fixtures';

/** Issue 18: the shop refunds or closes orders on its own initiative, through the after-sale refund path. */
describe('merchant refunds and closing orders', () => {
  let w: PayWorld;
  let operator: string;
  let viewer: string;

  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000000', AFTER_SALE_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
    viewer = await w.t.createAdmin('viewer');
  });
  afterAll(() => w?.close());

  const refund = (orderId: number, body: unknown, token = operator) =>
    w.t.http.post(`/api/v1/admin/orders/${orderId}/refunds`, body, { token });
  const close = (orderId: number, body: unknown, token = operator) =>
    w.t.http.post(`/api/v1/admin/orders/${orderId}/close`, body, { token });
  const stockOf = async (skuId: number): Promise<number> => (await w.t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock;
  const orderRow = async (id: number): Promise<any> =>
    (await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [id]))[0];
  const exact = async (): Promise<void> => {
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  };

  it('refunds chosen units of a paid order: per-unit shares, no fee, units back in stock when the money is back', async () => {
    const o = await paidOrder(w, [
      { price: 1000, quantity: 3, stock: 10 },
      { price: 2500, quantity: 1, stock: 10 },
    ]);
    const before = await stockOf(o.items[0]!.skuId);
    const res = await refund(o.orderId, { items: [{ orderItemId: o.items[0]!.id, quantity: 2 }], reason: '缺货' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orderId: o.orderId,
      userId: o.userId,
      initiator: 'merchant',
      type: 'refund_only',
      status: 'refunding',
      reason: 'merchant',
      reasonLabel: '商家主动退款',
      description: '缺货',
      refundAmount: 2000,
      shippingAmount: 0,
      items: [expect.objectContaining({ orderItemId: o.items[0]!.id, quantity: 2, amount: 2000 })],
    });
    expect(res.body.events.map((e: any) => [e.fromStatus, e.toStatus, e.actor])).toEqual([
      [null, 'requested', 'admin'],
      ['requested', 'refunding', 'admin'],
    ]);
    // While the money is on its way, the order cannot ship (the open refund-only request stops it).
    const shipNow = await w.t.http.post(
      `/api/v1/admin/orders/${o.orderId}/ship`,
      { expressCompany: 'SF', trackingNo: 'SF1111111' },
      { token: operator },
    );
    expect([shipNow.status, shipNow.body.code]).toEqual([409, 'AFTER_SALE_BLOCKS_SHIPPING']);
    expect(await stockOf(o.items[0]!.skuId)).toBe(before); // nothing back before the refund succeeds

    await settleRefund(w, res.body.id);
    expect(await stockOf(o.items[0]!.skuId)).toBe(before + 2);
    expect(await orderRow(o.orderId)).toEqual({ status: 'paid', paid_amount: o.payAmount, refunded_amount: 2000 });
    await exact();
    // The buyer sees it among their after-sales, with nothing to do.
    const mine = await w.t.http.get(`/api/v1/after-sales/${res.body.id}`, { token: o.token });
    expect(mine.body).toMatchObject({ status: 'refunded', initiator: 'merchant', actions: [] });
  });

  it('refunds the whole of a paid order with its shipping fee and closes it', async () => {
    const o = await paidOrder(w, [
      { price: 1000, quantity: 2, stock: 10 },
      { price: 333, quantity: 3, stock: 10 },
    ]);
    const res = await refund(o.orderId, { reason: '全部缺货' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ refundAmount: o.payAmount, shippingAmount: 800 });
    await settleRefund(w, res.body.id);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: o.payAmount, refunded_amount: o.payAmount });
    await exact();
    const again = await refund(o.orderId, { reason: 'again' });
    expect([again.status, again.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
  });

  it('refunds shipped and completed orders (after the after-sale window too) without restocking goods the buyer holds', async () => {
    const o = await paidOrder(w, [{ price: 1500, quantity: 2, stock: 10 }]);
    await ship(w, o.orderId);
    const stock = await stockOf(o.items[0]!.skuId);
    const res = await refund(o.orderId, { items: [{ orderItemId: o.items[0]!.id, quantity: 1 }], reason: '补偿' });
    expect(res.body).toMatchObject({ refundAmount: 1500, shippingAmount: 0 });
    await settleRefund(w, res.body.id);
    expect(await stockOf(o.items[0]!.skuId)).toBe(stock);

    await w.t.http.post(`/api/v1/orders/${o.orderId}/confirm-receipt`, undefined, { token: o.token });
    w.t.clock.advance(30 * 86_400_000); // long after the buyer's window
    try {
      const late = await refund(o.orderId, { reason: '售后补偿' });
      expect(late.body).toMatchObject({ refundAmount: 1500, items: [expect.objectContaining({ quantity: 1 })] });
      await settleRefund(w, late.body.id);
      // Every unit refunded closes the order; the shipping fee stays with the shop once the order shipped.
      expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: o.payAmount, refunded_amount: o.payAmount - 800 });
    } finally {
      w.t.clock.advance(-30 * 86_400_000);
    }
    await exact();
  });

  it('closes a paid order that cannot ship: full refund with the fee, paid -> closed, stock back', async () => {
    const o = await paidOrder(w, [
      { price: 700, quantity: 2, stock: 10 },
      { price: 900, quantity: 1, stock: 10 },
    ]);
    const stocks = [await stockOf(o.items[0]!.skuId), await stockOf(o.items[1]!.skuId)];
    const res = await close(o.orderId, { reason: '无法发货' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ refundAmount: o.payAmount, shippingAmount: 800, status: 'refunding', initiator: 'merchant' });
    await settleRefund(w, res.body.id);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: o.payAmount, refunded_amount: o.payAmount });
    expect([await stockOf(o.items[0]!.skuId), await stockOf(o.items[1]!.skuId)]).toEqual([stocks[0]! + 2, stocks[1]! + 1]);
    const events = await w.t.sql('SELECT from_status, to_status FROM order_event WHERE order_id = ? ORDER BY id', [o.orderId]);
    expect(events.at(-1)).toEqual({ from_status: 'paid', to_status: 'closed' });
    await exact();
  });

  it('refuses to close what is not a paid order, or while a buyer request is open, and checks every input', async () => {
    const shipped = await paidOrder(w, [{ price: 1000, quantity: 1 }]);
    await ship(w, shipped.orderId);
    const c1 = await close(shipped.orderId, { reason: 'x' });
    expect([c1.status, c1.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);

    const o = await paidOrder(w, [
      { price: 1000, quantity: 2 },
      { price: 500, quantity: 1 },
    ]);
    const applied = await w.t.http.post(
      '/api/v1/after-sales',
      { orderId: o.orderId, type: 'refund_only', reason: 'other', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] },
      { token: o.token },
    );
    expect(applied.status).toBe(201);
    const c2 = await close(o.orderId, { reason: 'x' });
    expect([c2.status, c2.body.code]).toEqual([409, 'AFTER_SALE_ITEM_BUSY']);
    // A merchant refund leaves the buyer's item to their request.
    const busy = await refund(o.orderId, { items: [{ orderItemId: o.items[0]!.id, quantity: 1 }], reason: 'x' });
    expect([busy.status, busy.body.code]).toEqual([409, 'AFTER_SALE_ITEM_BUSY']);
    const rest = await refund(o.orderId, { reason: '其余退款' });
    expect(rest.body.items.map((i: any) => [i.orderItemId, i.quantity])).toEqual([[o.items[1]!.id, 1]]);

    const fresh = await paidOrder(w, [{ price: 400, quantity: 2 }]);
    const cases: [unknown, number, string][] = [
      [{ reason: '' }, 400, 'VALIDATION_FAILED'],
      [{}, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', items: [] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', items: [{ orderItemId: 2147483000, quantity: 1 }] }, 400, 'VALIDATION_FAILED'],
      [{ reason: 'x', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] }, 400, 'VALIDATION_FAILED'], // another order's item
      [{ reason: 'x', items: [{ orderItemId: fresh.items[0]!.id, quantity: 3 }] }, 409, 'AFTER_SALE_QUANTITY_EXCEEDED'],
      [
        {
          reason: 'x',
          items: [
            { orderItemId: fresh.items[0]!.id, quantity: 1 },
            { orderItemId: fresh.items[0]!.id, quantity: 1 },
          ],
        },
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) {
      const r = await refund(fresh.orderId, body);
      expect([JSON.stringify(body), r.status, r.body.code]).toEqual([JSON.stringify(body), status, code]);
    }
    expect((await refund(2147483000, { reason: 'x' })).status).toBe(404);
    expect((await refund(o.orderId, { reason: 'x' }, viewer)).status).toBe(403);
    expect((await close(o.orderId, { reason: 'x' }, viewer)).status).toBe(403);
    const unpaid = await w.t.sql("SELECT id FROM orders WHERE status = 'pending_payment' LIMIT 1");
    if (unpaid[0]) expect((await refund(unpaid[0].id, { reason: 'x' })).body.code).toBe('ORDER_STATE_CONFLICT');
  });

  it('lets one of two concurrent refunds of the same last units through, never both', async () => {
    const o = await paidOrder(w, [{ price: 1200, quantity: 2 }]);
    const body = { items: [{ orderItemId: o.items[0]!.id, quantity: 2 }], reason: '并发' };
    const results = await Promise.all([refund(o.orderId, body), refund(o.orderId, body), close(o.orderId, { reason: '并发' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await drainJobs(w);
    expect((await w.t.sql('SELECT COUNT(*) AS n FROM refund WHERE order_id = ?', [o.orderId]))[0].n).toBe(1);
  });

  it('keeps admin notes on orders and the audit trail of every merchant action', async () => {
    const o = await paidOrder(w, [{ price: 1000, quantity: 1 }]);
    const note = await w.t.http.post(`/api/v1/admin/orders/${o.orderId}/notes`, { body: '客户来电要求改地址' }, { token: operator });
    expect(note.status).toBe(201);
    expect((await w.t.http.post(`/api/v1/admin/orders/${o.orderId}/notes`, { body: 'v' }, { token: viewer })).status).toBe(403);
    expect((await w.t.http.post(`/api/v1/admin/orders/${o.orderId}/notes`, { body: '' }, { token: operator })).status).toBe(400);
    expect((await w.t.http.post('/api/v1/admin/orders/2147483000/notes', { body: 'x' }, { token: operator })).status).toBe(404);
    await w.t.http.post(`/api/v1/admin/orders/${o.orderId}/notes`, { body: '已改' }, { token: operator });
    const notes = await w.t.http.get(`/api/v1/admin/orders/${o.orderId}/notes`, { token: viewer });
    expect(notes.body.map((n: any) => n.body)).toEqual(['客户来电要求改地址', '已改']);
    expect((await w.t.http.get(`/api/v1/orders/${o.orderId}`, { token: o.token })).text).not.toContain('客户来电');

    const log = await w.t.http.get(`/api/v1/admin/audit-logs?targetType=orders&targetId=${o.orderId}`, { token: w.owner });
    expect(log.body.items.map((i: any) => [i.action, i.outcome])).toEqual([
      ['adminAddOrderNote', 'succeeded'],
      ['adminAddOrderNote', 'failed'],
      ['adminAddOrderNote', 'succeeded'],
    ]);
    const refunds = await w.t.http.get('/api/v1/admin/audit-logs?action=adminRefundOrder&outcome=succeeded', { token: w.owner });
    expect(refunds.body.total).toBeGreaterThanOrEqual(5);
    const closes = await w.t.http.get('/api/v1/admin/audit-logs?action=adminCloseOrder', { token: w.owner });
    expect(closes.body.items.some((i: any) => i.summary.includes('无法发货') && i.outcome === 'succeeded')).toBe(true);
  });
});
