import { RETURN_DEADLINE_SWEEP } from '@app/after-sale/testing';
import { ledgerMismatches, stockMismatches } from '@app/testing';
import { type PayWorld, startPayWorld } from '../payments/pay-fixtures';
import { paidOrder, runner, settleRefund, ship } from './as-fixtures';

describe('after-sale', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '100000', AFTER_SALE_DAYS: '7', RETURN_SHIP_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  const apply = (token: string, body: Record<string, unknown>) =>
    w.t.http.post('/api/v1/after-sales', { reason: 'quality_issue', ...body }, { token });
  const admin = (id: number, action: string, body?: unknown) =>
    w.t.http.post(`/api/v1/admin/after-sales/${id}/${action}`, body, { token: operator });
  const orderRow = async (orderId: number) =>
    (await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [orderId]))[0];
  const items = (orderId: number) =>
    w.t.sql('SELECT id, quantity, refunded_quantity, refunded_amount FROM order_item WHERE order_id = ? ORDER BY id', [orderId]);

  it('refund-only before shipping: the whole order, shipping included, then the order closes', async () => {
    const o = await paidOrder(w, [{ price: 3000, quantity: 2 }]);
    expect(o.payAmount).toBe(6800);
    const preview = await w.t.http.get(`/api/v1/after-sales/preview?orderId=${o.orderId}`, { token: o.token });
    expect(preview.body).toMatchObject({ allowedTypes: ['refund_only'], shippingIncludedIfAll: true, shippingFee: 800 });
    expect(preview.body.items).toEqual([
      expect.objectContaining({ orderItemId: o.items[0]!.id, refundableQuantity: 2, refundableAmount: 6000, openAfterSaleId: null }),
    ]);
    const q = await w.t.http.post(
      '/api/v1/after-sales/quote',
      { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 2 }] },
      { token: o.token },
    );
    expect(q.body).toMatchObject({ itemsAmount: 6000, shippingAmount: 800, total: 6800 });

    const a = await apply(o.token, {
      orderId: o.orderId,
      type: 'refund_only',
      items: [{ orderItemId: o.items[0]!.id, quantity: 2 }],
      description: '不想要了',
      images: ['https://img.example.com/x.png'],
    });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({
      status: 'requested',
      refundAmount: 6800,
      shippingAmount: 800,
      actions: ['cancel'],
      reasonLabel: '商品质量问题',
    });
    const approved = await admin(a.body.id, 'approve');
    expect(approved.body).toMatchObject({ status: 'refunding', refund: { status: 'pending' } });
    await settleRefund(w, a.body.id);
    const byOrder = await w.t.http.get(`/api/v1/after-sales?orderId=${o.orderId}`, { token: o.token });
    expect(byOrder.body.items.map((x: { id: number }) => x.id)).toEqual([a.body.id]);
    expect((await w.t.http.get(`/api/v1/after-sales?orderId=${o.orderId + 100000}`, { token: o.token })).body.total).toBe(0);
    const done = await w.t.http.get(`/api/v1/after-sales/${a.body.id}`, { token: o.token });
    expect(done.body).toMatchObject({ status: 'refunded', refund: { status: 'succeeded' } });
    expect(done.body.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['requested', 'refunding', 'refunded']);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: 6800, refunded_amount: 6800 });
    expect(await items(o.orderId)).toEqual([{ id: o.items[0]!.id, quantity: 2, refunded_quantity: 2, refunded_amount: 6000 }]);
  });

  it('auto-approves refund-only before shipping when configured', async () => {
    const auto = await startPayWorld({ AFTER_SALE_AUTO_APPROVE: 'true' });
    try {
      const o = await paidOrder(auto, [{ price: 2000, quantity: 1 }]);
      const a = await auto.t.http.post(
        '/api/v1/after-sales',
        { orderId: o.orderId, type: 'refund_only', reason: 'no_longer_needed', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] },
        { token: o.token },
      );
      expect(a.body).toMatchObject({ status: 'refunding' });
      expect(a.body.events.map((e: { actor: string }) => e.actor)).toEqual(['user', 'system']);
      // After shipping, the same shop still reviews by hand.
      const o2 = await paidOrder(auto, [{ price: 2000, quantity: 1 }]);
      await ship(auto, o2.orderId);
      const b = await auto.t.http.post(
        '/api/v1/after-sales',
        { orderId: o2.orderId, type: 'refund_only', reason: 'damaged', items: [{ orderItemId: o2.items[0]!.id, quantity: 1 }] },
        { token: o2.token },
      );
      expect(b.body.status).toBe('requested');
    } finally {
      await auto.close();
    }
  });

  it('return and refund: approve, buyer ships back, receipt restocks, money moves', async () => {
    const o = await paidOrder(w, [{ price: 5000, quantity: 2, stock: 10 }]);
    await ship(w, o.orderId);
    expect(
      (await apply(o.token, { orderId: o.orderId, type: 'return_refund', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] })).status,
    ).toBe(201);
    const [{ id }] = await w.t.sql('SELECT id FROM after_sale WHERE order_id = ?', [o.orderId]);
    const approved = await admin(id, 'approve');
    expect(approved.body).toMatchObject({
      status: 'awaiting_return',
      refundAmount: 5000,
      actions: ['submit_return', 'cancel'],
    });
    expect(new Date(approved.body.returnDeadline).getTime() - w.t.clock.now().getTime()).toBe(7 * 86_400_000);
    const unknown = await w.t.http.post(
      `/api/v1/after-sales/${id}/return-shipment`,
      { expressCompany: 'NOPE', trackingNo: 'YT1234567890' },
      { token: o.token },
    );
    expect([unknown.status, unknown.body.code, unknown.body.details.fields[0].field]).toEqual([400, 'VALIDATION_FAILED', 'expressCompany']);
    const sent = await w.t.http.post(
      `/api/v1/after-sales/${id}/return-shipment`,
      { expressCompany: 'yto', trackingNo: 'YT1234567890' },
      { token: o.token },
    );
    expect(sent.body).toMatchObject({ status: 'returning', returnCompany: 'YTO', returnTrackingNo: 'YT1234567890' });
    const [{ stock: before }] = await w.t.sql('SELECT stock FROM sku WHERE id = ?', [o.skuId]);
    const received = await admin(id, 'receive');
    expect(received.body.status).toBe('refunding');
    expect(await w.t.sql('SELECT stock FROM sku WHERE id = ?', [o.skuId])).toEqual([{ stock: before + 1 }]);
    expect(
      await w.t.sql("SELECT delta, ref_type, ref_id FROM stock_movement WHERE sku_id = ? AND reason = 'return_restock'", [o.skuId]),
    ).toEqual([{ delta: 1, ref_type: 'after_sale', ref_id: id }]);
    await settleRefund(w, id);
    expect((await w.t.http.get(`/api/v1/after-sales/${id}`, { token: o.token })).body.status).toBe('refunded');
    expect(await orderRow(o.orderId)).toMatchObject({ status: 'shipped', refunded_amount: 5000 });
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  });

  it('refused returned goods close the request without money or stock moving', async () => {
    const o = await paidOrder(w, [{ price: 4000, quantity: 1, stock: 10 }]);
    await ship(w, o.orderId);
    const applied = await apply(o.token, {
      orderId: o.orderId,
      type: 'return_refund',
      items: [{ orderItemId: o.items[0]!.id, quantity: 1 }],
    });
    const id = applied.body.id as number;
    await admin(id, 'approve');
    await w.t.http.post(
      `/api/v1/after-sales/${id}/return-shipment`,
      { expressCompany: 'SF', trackingNo: 'SF1234567890' },
      { token: o.token },
    );
    const [{ stock: before }] = await w.t.sql('SELECT stock FROM sku WHERE id = ?', [o.skuId]);
    const refused = await admin(id, 'refuse-receipt', { reason: 'the parcel held a brick' });
    expect([refused.status, refused.body.status, refused.body.rejectReason]).toEqual([200, 'rejected', 'the parcel held a brick']);
    expect(await w.t.sql('SELECT stock FROM sku WHERE id = ?', [o.skuId])).toEqual([{ stock: before }]);
    expect(await orderRow(o.orderId)).toMatchObject({ status: 'shipped', refunded_amount: 0 });
    const again = await admin(id, 'refuse-receipt', { reason: 'twice' });
    expect([again.status, again.body.code]).toEqual([409, 'AFTER_SALE_STATE_CONFLICT']);
  });

  it('partial quantities over several requests sum exactly to what was paid, and close the order', async () => {
    const o = await paidOrder(w, [
      { price: 3333, quantity: 3 },
      { price: 1000, quantity: 1 },
    ]);
    await ship(w, o.orderId); // after shipping, the shipping fee stays with the shop
    const [a, b] = o.items;
    let total = 0;
    for (const [item, q] of [
      [a!, 1],
      [a!, 1],
      [b!, 1],
      [a!, 1],
    ] as const) {
      const res = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item.id, quantity: q }] });
      expect(res.status).toBe(201);
      total += res.body.refundAmount;
      await admin(res.body.id, 'approve');
      await settleRefund(w, res.body.id);
    }
    expect(total).toBe(3 * 3333 + 1000);
    expect(await items(o.orderId)).toEqual([
      { id: a!.id, quantity: 3, refunded_quantity: 3, refunded_amount: 9999 },
      { id: b!.id, quantity: 1, refunded_quantity: 1, refunded_amount: 1000 },
    ]);
    expect(await orderRow(o.orderId)).toEqual({ status: 'closed', paid_amount: o.payAmount, refunded_amount: 10999 });
    const more = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: a!.id, quantity: 1 }] });
    expect([more.status, more.body.code]).toEqual([409, 'AFTER_SALE_NOT_ALLOWED']);
  });

  it('lets the operator lower the amount, reject, and the buyer apply again after a rejection', async () => {
    const o = await paidOrder(w, [{ price: 4000, quantity: 1 }]);
    await ship(w, o.orderId);
    const first = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    const rejected = await admin(first.body.id, 'reject', { reason: '商品已签收且无质量问题' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '商品已签收且无质量问题' });
    const again = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    expect(again.status).toBe(201);
    const tooMuch = await admin(again.body.id, 'approve', { refundAmount: 4001 });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([400, 'AFTER_SALE_AMOUNT_TOO_HIGH']);
    const lowered = await admin(again.body.id, 'approve', { refundAmount: 1500, note: '部分退款' });
    expect(lowered.body).toMatchObject({
      status: 'refunding',
      refundAmount: 1500,
      requestedAmount: 4000,
      items: [expect.objectContaining({ amount: 1500 })],
    });
    await settleRefund(w, again.body.id);
    expect(await orderRow(o.orderId)).toMatchObject({ status: 'closed', refunded_amount: 1500 });
  });

  it('the buyer can cancel before refunding starts, not after', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 2 }]);
    const a = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    const cancelled = await w.t.http.post(`/api/v1/after-sales/${a.body.id}/cancel`, undefined, { token: o.token });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', actions: [] });
    const b = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 2 }] });
    await admin(b.body.id, 'approve');
    const late = await w.t.http.post(`/api/v1/after-sales/${b.body.id}/cancel`, undefined, { token: o.token });
    expect([late.status, late.body.code]).toEqual([409, 'AFTER_SALE_STATE_CONFLICT']);
  });

  it('an open refund-only request stops shipping until it is decided; the shipment leaves out refunded units', async () => {
    const o = await paidOrder(w, [{ price: 2500, quantity: 3 }]);
    const itemId = o.items[0]!.id;
    const shipIt = () =>
      w.t.http.post(
        `/api/v1/admin/orders/${o.orderId}/ship`,
        { expressCompany: 'SF', trackingNo: `SF${o.orderId}000002` },
        { token: operator },
      );
    const shipments = () => w.t.sql('SELECT items FROM shipment WHERE order_id = ?', [o.orderId]);
    const a = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: itemId, quantity: 1 }] });

    const blocked = await shipIt();
    expect([blocked.status, blocked.body.code, blocked.body.details]).toEqual([
      409,
      'AFTER_SALE_BLOCKS_SHIPPING',
      { afterSaleId: a.body.id, status: 'requested' },
    ]);
    expect(await orderRow(o.orderId)).toMatchObject({ status: 'paid' });
    expect(await shipments()).toEqual([]);

    await admin(a.body.id, 'approve');
    const stillBlocked = await shipIt();
    expect([stillBlocked.status, stillBlocked.body.details]).toEqual([409, { afterSaleId: a.body.id, status: 'refunding' }]);
    expect(await shipments()).toEqual([]);

    await settleRefund(w, a.body.id);
    const shipped = await shipIt();
    expect([shipped.status, shipped.body.status]).toEqual([200, 'shipped']);
    const [row] = await shipments();
    const shippedItems = typeof row.items === 'string' ? JSON.parse(row.items) : row.items;
    expect(shippedItems).toEqual([{ orderItemId: itemId, quantity: 2 }]);
  });

  it('shipping racing a refund-only request: the request stops the shipping, or it is a refund after shipping', async () => {
    for (let round = 0; round < 6; round++) {
      const o = await paidOrder(w, [{ price: 3000, quantity: 1 }]);
      const [shipped, applied] = await Promise.all([
        w.t.http.post(
          `/api/v1/admin/orders/${o.orderId}/ship`,
          { expressCompany: 'SF', trackingNo: `SF${o.orderId}000003` },
          { token: operator },
        ),
        apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] }),
      ]);
      expect(applied.status).toBe(201);
      if (shipped.status === 200) {
        // Applied to a shipped order: the shipping fee stays with the shop.
        expect(applied.body.shippingAmount).toBe(0);
      } else {
        expect([shipped.status, shipped.body.code]).toEqual([409, 'AFTER_SALE_BLOCKS_SHIPPING']);
        expect(applied.body.shippingAmount).toBe(800);
        expect(await orderRow(o.orderId)).toMatchObject({ status: 'paid' });
      }
    }
  });

  it('cancels requests whose goods were not sent back before the return deadline', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 1 }]);
    await ship(w, o.orderId);
    const a = await apply(o.token, { orderId: o.orderId, type: 'return_refund', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    await admin(a.body.id, 'approve');
    w.t.clock.advanceDays(6);
    expect(await runner(w).runSweep(RETURN_DEADLINE_SWEEP)).toBe(0);
    w.t.clock.advanceDays(1);
    const late = await w.t.http.post(
      `/api/v1/after-sales/${a.body.id}/return-shipment`,
      { expressCompany: 'SF', trackingNo: 'SF9999999999' },
      { token: o.token },
    );
    expect([late.status, late.body.code]).toEqual([409, 'AFTER_SALE_NOT_ALLOWED']);
    expect(await runner(w).runSweep(RETURN_DEADLINE_SWEEP)).toBe(1);
    const view = await w.t.http.get(`/api/v1/after-sales/${a.body.id}`, { token: o.token });
    expect(view.body.status).toBe('cancelled');
    expect(view.body.events.at(-1)).toMatchObject({ actor: 'system', toStatus: 'cancelled' });
  });

  it('a failed refund is retried by the operator with the same out_refund_no', async () => {
    const o = await paidOrder(w, [{ price: 3000, quantity: 1 }]);
    await ship(w, o.orderId);
    const a = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    await admin(a.body.id, 'approve');
    await settleRefund(w, a.body.id, 'CLOSED');
    const failed = await w.t.http.get(`/api/v1/admin/after-sales/${a.body.id}`, { token: operator });
    expect(failed.body).toMatchObject({ status: 'refund_failed', refund: { status: 'closed' } });
    const [{ out_refund_no: first }] = await w.t.sql('SELECT out_refund_no FROM refund WHERE after_sale_id = ?', [a.body.id]);
    w.pay.refunds.delete(first); // WeChat Pay closed it; a retry with the same number is a new attempt there
    const retried = await admin(a.body.id, 'retry-refund');
    expect(retried.body.status).toBe('refunding');
    await settleRefund(w, a.body.id);
    expect(await w.t.sql('SELECT out_refund_no, status FROM refund WHERE after_sale_id = ?', [a.body.id])).toEqual([
      { out_refund_no: first, status: 'succeeded' },
    ]);
    expect((await w.t.http.get(`/api/v1/after-sales/${a.body.id}`, { token: o.token })).body.status).toBe('refunded');
  });
});
