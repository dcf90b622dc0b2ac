import { JobRunner } from '@app/jobs/testing';
import { AUTO_CONFIRM_SWEEP, EXPIRE_SWEEP } from '@app/orders/testing';
import { createAddress, createShopProduct, ledgerMismatches, placeOrder, stockMismatches } from '@app/testing';
import { settleRefund } from '../after-sale/as-fixtures';
import { type Bought, drainJobs, payAndNotify, type PayWorld, pressPay, startPayWorld } from '../payments/pay-fixtures';
import { OrderSweepsRunner } from './sweeps';

const STORE = { province: '广东省', city: '深圳市', district: '南山区', address: '科技园路1号', latitude: 22.54, longitude: 113.95 };
const UPLOAD = '/wxa/sec/order/upload_shipping_info';

describe('pick-up at a store', () => {
  let w: PayWorld;
  let storeA: number;
  let storeB: number;
  let closed: number;
  let staffA: string;
  let staffB: string;
  let skuId: number;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '100000', PICKUP_UNCLAIMED_DAYS: '3' });
    const store = async (name: string, pickupEnabled: boolean): Promise<number> => {
      const res = await w.t.http.post(
        '/api/v1/admin/stores',
        { ...STORE, name, pickupEnabled, pickupHours: '10:00-21:00', pickupPrepMinutes: 30 },
        { token: w.owner },
      );
      expect(res.body).toMatchObject({ pickupEnabled, pickupHours: '10:00-21:00', pickupPrepMinutes: 30 });
      return res.body.id as number;
    };
    storeA = await store('南山店', true);
    storeB = await store('福田店', true);
    closed = await store('不自提店', false);
    staffA = await w.t.createStoreStaff(storeA);
    staffB = await w.t.createStoreStaff(storeB);
    skuId = (await createShopProduct(w.t, w.owner, [{ price: 2500, stock: 100 }])).skuIds[0]!;
  });
  afterAll(() => w?.close());

  const pickupBody = (storeId: number) => ({
    items: [{ skuId, quantity: 2 }],
    deliveryMode: 'pickup' as const,
    pickupStoreId: storeId,
    pickerName: '李四',
    pickerPhone: '13900139000',
  });

  async function paidPickup(storeId: number): Promise<Bought & { order: any }> {
    const { token, userId } = await w.t.loginUser();
    const res = await placeOrder(w.t, token, pickupBody(storeId));
    expect(res.status).toBe(201);
    const b: Bought = { token, userId, orderId: res.body.id, orderNo: res.body.orderNo, payAmount: res.body.payAmount, skuId };
    await pressPay(w, b);
    expect((await payAndNotify(w, b)).status).toBe(204);
    return { ...b, order: (await w.t.http.get(`/api/v1/orders/${b.orderId}`, { token })).body };
  }

  it('checkout: no address, no shipping fee; refused for a store without pick-up or without the collector', async () => {
    const { token } = await w.t.loginUser();
    const preview = await w.t.http.post('/api/v1/checkout/preview', { ...pickupBody(storeA) }, { token });
    expect(preview.body).toMatchObject({ itemsTotal: 5000, shippingFee: 0, payAmount: 5000, orderable: true });
    const noPickup = await w.t.http.post('/api/v1/checkout/preview', { ...pickupBody(closed) }, { token });
    expect(noPickup.body.blockers.map((b: { code: string }) => b.code)).toEqual(['PICKUP_UNAVAILABLE']);
    const refused = await placeOrder(w.t, token, pickupBody(closed));
    expect([refused.status, refused.body.code]).toEqual([409, 'PICKUP_UNAVAILABLE']);
    const { pickerPhone: _, ...noPhone } = pickupBody(storeA);
    const missing = await placeOrder(w.t, token, noPhone);
    expect([missing.status, missing.body.details.fields[0].field]).toEqual([400, 'pickerPhone']);
    const addressId = await createAddress(w.t, token);
    const both = await placeOrder(w.t, token, { ...pickupBody(storeA), addressId });
    expect([both.status, both.body.details.fields[0].field]).toEqual([400, 'addressId']);
    const noAddress = await placeOrder(w.t, token, { items: [{ skuId, quantity: 1 }] });
    expect([noAddress.status, noAddress.body.details.fields[0].field]).toEqual([400, 'addressId']);
    expect(await w.t.sql('SELECT COUNT(*) AS n FROM order_pickup')).toEqual([{ n: 0 }]);

    const res = await placeOrder(w.t, token, pickupBody(storeA));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      deliveryMode: 'pickup',
      shippingFee: 0,
      payAmount: 5000,
      address: { receiverName: '李四', phone: '13900139000', fullAddress: '广东省深圳市南山区科技园路1号' },
      pickup: { storeId: storeA, storeName: '南山店', status: 'preparing', code: null, qrPayload: null },
    });
  });

  it('paid -> ready -> picked up by code: the order completes, every step audited, WeChat told once with type 4', async () => {
    const b = await paidPickup(storeA);
    const code: string = b.order.pickup.code;
    expect(code).toMatch(/^\d{8}$/);
    expect(b.order.pickup).toMatchObject({ status: 'preparing', qrPayload: `wxmall:pickup:${b.orderNo}:${code}` });
    // Admin views never carry the code; shipping a pick-up order is refused.
    const adminView = await w.t.http.get(`/api/v1/admin/orders/${b.orderId}`, { token: w.owner });
    expect(adminView.body.pickup).toMatchObject({ status: 'preparing', code: null, qrPayload: null });
    const ship = await w.t.http.post(
      `/api/v1/admin/orders/${b.orderId}/ship`,
      { expressCompany: 'SF', trackingNo: 'SF123456' },
      { token: w.owner },
    );
    expect([ship.status, ship.body.code]).toEqual([409, 'WRONG_DELIVERY_MODE']);
    // Not ready yet: the code does not work.
    const early = await w.t.http.post('/api/v1/admin/pickups/verify', { code }, { token: staffA });
    expect([early.status, early.body.code]).toEqual([404, 'PICKUP_CODE_INVALID']);

    const ready = await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffA });
    expect(ready.status).toBe(200);
    expect(ready.body.pickup).toMatchObject({ status: 'ready', readyAt: w.t.clock.now().toISOString() });
    const twice = await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffA });
    expect([twice.status, twice.body.code]).toEqual([409, 'PICKUP_STATE_CONFLICT']);
    await drainJobs(w);
    const uploads = w.t.wechat.callsTo(UPLOAD).filter((c) => c.body.order_key.transaction_id === w.pay.order(b.orderNo).transactionId);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.body).toMatchObject({
      logistics_type: 4,
      delivery_mode: 1,
      shipping_list: [{ item_desc: expect.stringMatching(/\*2$/) }],
    });
    expect(uploads[0]!.body.shipping_list[0].tracking_no).toBeUndefined();

    // A wrong code, then the QR text.
    const wrong = await w.t.http.post(
      '/api/v1/admin/pickups/verify',
      { code: code === '00000000' ? '00000001' : '00000000' },
      { token: staffA },
    );
    expect(wrong.status).toBe(404);
    const done = await w.t.http.post('/api/v1/admin/pickups/verify', { code: b.order.pickup.qrPayload }, { token: staffA });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', pickup: { status: 'picked_up' } });
    const again = await w.t.http.post('/api/v1/admin/pickups/verify', { code }, { token: staffA });
    expect(again.status).toBe(404);
    await drainJobs(w);
    // Told once (the dedupe key and the upload's own record), and the receipt confirmed like a delivery's.
    expect(w.t.wechat.callsTo(UPLOAD).filter((c) => c.body.order_key.transaction_id === w.pay.order(b.orderNo).transactionId)).toHaveLength(
      1,
    );
    expect(
      w.t.wechat
        .callsTo('/wxa/sec/order/notify_confirm_receive')
        .some((c) => c.body.transaction_id === w.pay.order(b.orderNo).transactionId),
    ).toBe(true);
    expect(
      (await w.t.sql('SELECT wechat_uploaded_at FROM order_pickup WHERE order_id = ?', [b.orderId]))[0].wechat_uploaded_at,
    ).not.toBeNull();
    expect(await w.t.sql('SELECT from_status, to_status, actor FROM pickup_event WHERE order_id = ? ORDER BY id', [b.orderId])).toEqual([
      { from_status: null, to_status: 'preparing', actor: 'user' },
      { from_status: 'preparing', to_status: 'ready', actor: 'admin' },
      { from_status: 'ready', to_status: 'picked_up', actor: 'admin' },
    ]);
    expect(await w.t.sql('SELECT from_status, to_status, actor FROM order_event WHERE order_id = ? ORDER BY id', [b.orderId])).toEqual([
      { from_status: null, to_status: 'pending_payment', actor: 'user' },
      { from_status: 'pending_payment', to_status: 'paid', actor: 'wechat' },
      { from_status: 'paid', to_status: 'completed', actor: 'admin' },
    ]);
  });

  it("store staff act on their own store's pick-ups only, and reach nothing else", async () => {
    const b = await paidPickup(storeA);
    const other = await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffB });
    expect(other.status).toBe(404);
    expect(
      (await w.t.http.get('/api/v1/admin/pickups', { token: staffB })).body.items.map((p: { storeId: number }) => p.storeId),
    ).not.toContain(storeA);
    expect((await w.t.http.get(`/api/v1/admin/pickups?storeId=${storeA}`, { token: staffB })).body.items).toEqual([]);
    await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffA });
    const code = b.order.pickup.code;
    const wrongStore = await w.t.http.post('/api/v1/admin/pickups/verify', { code }, { token: staffB });
    expect(wrongStore.status).toBe(404);
    expect(await w.t.sql('SELECT status FROM order_pickup WHERE order_id = ?', [b.orderId])).toEqual([{ status: 'ready' }]);
    // Staff have no other admin route: orders, products, extending.
    expect((await w.t.http.get('/api/v1/admin/orders', { token: staffA })).status).toBe(403);
    expect((await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/extend`, { days: 2 }, { token: staffA })).status).toBe(403);
    // An operator verifies with the bare code at that store.
    const done = await w.t.http.post('/api/v1/admin/pickups/verify', { code, storeId: storeA }, { token: w.owner });
    expect(done.body.status).toBe('completed');
    // Staff accounts need a store.
    const bad = await w.t.http.post(
      '/api/v1/admin/admin-users',
      { username: 'staff_nostore', password: 'staff-password-1', role: 'store_staff' },
      { token: w.owner },
    );
    expect([bad.status, bad.body.details.fields[0].field]).toEqual([400, 'storeId']);
  });

  it('an open refund-only request stops the hand-over, as it stops shipping', async () => {
    const b = await paidPickup(storeA);
    await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffA });
    const itemId = b.order.items[0].id as number;
    const asked = await w.t.http.post(
      '/api/v1/after-sales',
      { orderId: b.orderId, type: 'refund_only', reason: 'other', items: [{ orderItemId: itemId, quantity: 1 }] },
      { token: b.token },
    );
    expect(asked.status).toBe(201);
    const refused = await w.t.http.post('/api/v1/admin/pickups/verify', { code: b.order.pickup.code }, { token: staffA });
    expect([refused.status, refused.body.code]).toEqual([409, 'AFTER_SALE_BLOCKS_SHIPPING']);
    expect(await w.t.sql('SELECT status FROM order_pickup WHERE order_id = ?', [b.orderId])).toEqual([{ status: 'ready' }]);
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId])).toEqual([{ status: 'paid' }]);
    await w.t.http.post(`/api/v1/admin/after-sales/${asked.body.id}/reject`, { reason: '已备货' }, { token: w.owner });
    const done = await w.t.http.post('/api/v1/admin/pickups/verify', { code: b.order.pickup.code }, { token: staffA });
    expect(done.body.status).toBe('completed');
  });

  it('ready pick-ups not collected in time are listed for the operator, who may extend them', async () => {
    const b = await paidPickup(storeB);
    await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffB });
    const unclaimed = () => w.t.http.get('/api/v1/admin/pickups?unclaimed=true', { token: w.owner });
    expect((await unclaimed()).body.items.map((p: { orderId: number }) => p.orderId)).not.toContain(b.orderId);
    w.t.clock.advance(3 * 86_400_000);
    expect((await unclaimed()).body.items.map((p: { orderId: number }) => p.orderId)).toContain(b.orderId);
    // Never completed on its own.
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId])).toEqual([{ status: 'paid' }]);
    const extended = await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/extend`, { days: 2 }, { token: w.owner });
    expect(extended.body.pickup.dueAt).toBe(new Date(w.t.clock.now().getTime() + 2 * 86_400_000).toISOString());
    expect((await unclaimed()).body.items.map((p: { orderId: number }) => p.orderId)).not.toContain(b.orderId);
  });

  it('unclaimed: the real sweeps never complete it, however long; closing it refunds exactly what was paid and delists it', async () => {
    const b = await paidPickup(storeB);
    await w.t.http.post(`/api/v1/admin/pickups/${b.orderId}/ready`, undefined, { token: staffB });
    const unclaimed = async (): Promise<number[]> =>
      (await w.t.http.get('/api/v1/admin/pickups?unclaimed=true', { token: w.owner })).body.items.map(
        (p: { orderId: number }) => p.orderId,
      );
    // Past the unclaimed threshold (3 days) and auto-confirmation's (ORDER_AUTO_CONFIRM_DAYS, 10): every due sweep runs,
    // then its jobs, as the scheduler would; and auto-confirmation once more on its own.
    w.t.clock.advance(30 * 86_400_000);
    const ran = await w.t.app.get(JobRunner).runDue(500);
    expect(ran.sweeps.map((s) => s.name)).toEqual(expect.arrayContaining([AUTO_CONFIRM_SWEEP, EXPIRE_SWEEP]));
    await new OrderSweepsRunner(w.t).autoConfirm();
    await drainJobs(w);
    expect(await w.t.sql('SELECT status, completed_at FROM orders WHERE id = ?', [b.orderId])).toEqual([
      { status: 'paid', completed_at: null },
    ]);
    expect(await w.t.sql('SELECT status FROM order_pickup WHERE order_id = ?', [b.orderId])).toEqual([{ status: 'ready' }]);
    expect(await unclaimed()).toContain(b.orderId);
    const stockBefore = (await w.t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock as number; // after the sweeps' expiries

    // The operator refunds it: the whole payment (no shipping fee on a pick-up), through the refund path.
    const closed = await w.t.http.post(`/api/v1/admin/orders/${b.orderId}/close`, { reason: '逾期未取' }, { token: w.owner });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ orderId: b.orderId, initiator: 'merchant', refundAmount: b.payAmount, shippingAmount: 0 });
    await settleRefund(w, closed.body.id);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [b.orderId])).toEqual([
      { status: 'closed', paid_amount: b.payAmount, refunded_amount: b.payAmount },
    ]);
    expect(await w.t.sql('SELECT amount, status FROM refund WHERE order_id = ?', [b.orderId])).toEqual([
      { amount: b.payAmount, status: 'succeeded' },
    ]);
    expect(await unclaimed()).not.toContain(b.orderId);
    // The units never handed over are back in stock; the code no longer hands anything over.
    expect((await w.t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock).toBe(stockBefore + 2);
    const late = await w.t.http.post('/api/v1/admin/pickups/verify', { code: b.order.pickup.code }, { token: staffB });
    expect([late.status, late.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId])).toEqual([{ status: 'closed' }]);
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  });
});
