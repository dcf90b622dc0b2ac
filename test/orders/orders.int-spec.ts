import { ADMIN_ORDER_COUNT_CAP } from '@app/orders/testing';
import { createAddress, createShopProduct, ledgerMismatches, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { OrderSweepsRunner } from './sweeps';

describe('order lifecycle', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { ORDER_AUTO_CONFIRM_DAYS: '10', AFTER_SALE_DAYS: '7' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  async function buyer(): Promise<{ token: string; userId: number; addressId: number }> {
    const u = await t.loginUser();
    return { ...u, addressId: await createAddress(t, u.token) };
  }

  async function paidOrder(token: string, addressId: number, skuId: number, quantity = 1): Promise<number> {
    const o = await placeOrder(t, token, { items: [{ skuId, quantity }], addressId });
    // Payment is the payments module's job; here the order is moved as the notification would.
    await t.sql("UPDATE orders SET status = 'paid', paid_at = NOW(3), paid_amount = pay_amount WHERE id = ?", [o.body.id]);
    return o.body.id as number;
  }

  it('lists own orders newest first, filters by status and counts per status', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 50 }]);
    const a = await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: u.addressId });
    const b = await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 2 }], addressId: u.addressId });
    const paid = await paidOrder(u.token, u.addressId, p.skuIds[0]!);
    await t.http.post(`/api/v1/orders/${a.body.id}/cancel`, undefined, { token: u.token });
    const list = await t.http.get('/api/v1/orders?page=1&pageSize=10', { token: u.token });
    expect(list.body.items.map((o: { id: number }) => o.id)).toEqual([paid, b.body.id, a.body.id]);
    expect(list.body.items[1].items).toHaveLength(1);
    expect(
      (await t.http.get('/api/v1/orders?status=pending_payment', { token: u.token })).body.items.map((o: { id: number }) => o.id),
    ).toEqual([b.body.id]);
    const counts = await t.http.get('/api/v1/orders/counts', { token: u.token });
    expect(counts.body).toEqual({ pending_payment: 1, paid: 1, shipped: 0, completed: 0, cancelled: 1, closed: 0 });
  });

  it('counts an unpaid order past its deadline as cancelled, beside live and cancelled ones', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 50 }]);
    const order = () => placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: u.addressId });
    const [live, expired, cancelled] = [await order(), await order(), await order()];
    await t.sql('UPDATE orders SET pay_expires_at = ? WHERE id = ?', [new Date(t.clock.now().getTime() - 1000), expired.body.id]);
    await t.http.post(`/api/v1/orders/${cancelled.body.id}/cancel`, undefined, { token: u.token });
    expect(live.status).toBe(201);
    const counts = await t.http.get('/api/v1/orders/counts', { token: u.token });
    expect(counts.body).toEqual({ pending_payment: 1, paid: 0, shipped: 0, completed: 0, cancelled: 2, closed: 0 });
  });

  it('cancels an unpaid order once, returning its stock exactly once', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const o = await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 3 }], addressId: u.addressId });
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.http.post(`/api/v1/orders/${o.body.id}/cancel`, undefined, { token: u.token })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'ORDER_STATE_CONFLICT')).toBe(true);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]!])).toEqual([{ stock: 10 }]);
    expect(await t.sql("SELECT COUNT(*) AS n FROM stock_movement WHERE ref_id = ? AND reason = 'order_cancel'", [o.body.id])).toEqual([
      { n: 1 },
    ]);
    const detail = await t.http.get(`/api/v1/orders/${o.body.id}`, { token: u.token });
    expect(detail.body).toMatchObject({ status: 'cancelled', cancelReason: 'cancelled by buyer', actions: ['rebuy'] });
    expect(await ledgerMismatches(t)).toEqual([]);
  });

  it('cannot cancel a paid order; ships it, then the buyer confirms receipt', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const id = await paidOrder(u.token, u.addressId, p.skuIds[0]!, 2);
    const cancel = await t.http.post(`/api/v1/orders/${id}/cancel`, undefined, { token: u.token });
    expect([cancel.status, cancel.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
    expect((await t.http.post(`/api/v1/orders/${id}/confirm-receipt`, undefined, { token: u.token })).status).toBe(409);

    const operator = await t.createAdmin('operator');
    // Only delivery companies WeChat's shipping-info service knows (its upload would fail for any other).
    for (const expressCompany of ['XYZ', 'SHUNFENG', 'S F', '', 42]) {
      const refused = await t.http.post(
        `/api/v1/admin/orders/${id}/ship`,
        { expressCompany, trackingNo: 'SF1234567890' },
        { token: operator },
      );
      expect([refused.status, refused.body.code, refused.body.details?.fields?.[0]?.field]).toEqual([
        400,
        'VALIDATION_FAILED',
        'expressCompany',
      ]);
    }
    expect(await t.sql('SELECT id FROM shipment WHERE order_id = ?', [id])).toEqual([]);
    const shipped = await t.http.post(
      `/api/v1/admin/orders/${id}/ship`,
      { expressCompany: 'sf', trackingNo: 'SF1234567890' },
      { token: operator },
    );
    expect(shipped.status).toBe(200);
    expect(shipped.body).toMatchObject({ status: 'shipped', shipments: [{ expressCompany: 'SF', trackingNo: 'SF1234567890' }] });
    const again = await t.http.post(
      `/api/v1/admin/orders/${id}/ship`,
      { expressCompany: 'SF', trackingNo: 'SF1234567890' },
      { token: operator },
    );
    expect([again.status, again.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
    expect((await t.http.get(`/api/v1/orders/${id}`, { token: u.token })).body.actions).toEqual(['confirm_receipt', 'apply_after_sale']);

    const done = await t.http.post(`/api/v1/orders/${id}/confirm-receipt`, undefined, { token: u.token });
    expect(done.body).toMatchObject({ status: 'completed', actions: ['apply_after_sale', 'review', 'rebuy'] });
    t.clock.advanceDays(8);
    expect((await t.http.get(`/api/v1/orders/${id}`, { token: u.token })).body.actions).toEqual(['review', 'rebuy']);
    t.clock.advanceDays(23);
    expect((await t.http.get(`/api/v1/orders/${id}`, { token: u.token })).body.actions).toEqual(['rebuy']);
    t.clock.advanceDays(-23);

    const history = await t.http.get(`/api/v1/admin/orders/${id}`, { token: owner });
    expect(history.body.events.map((e: { toStatus: string; actor: string }) => `${e.toStatus}/${e.actor}`)).toEqual([
      'pending_payment/user',
      'shipped/admin',
      'completed/user',
    ]);
  });

  it('auto-confirms receipt N days after shipping, once', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const id = await paidOrder(u.token, u.addressId, p.skuIds[0]!);
    await t.http.post(`/api/v1/admin/orders/${id}/ship`, { expressCompany: 'YTO', trackingNo: 'YT0000000001' }, { token: owner });
    const sweeps = new OrderSweepsRunner(t);
    t.clock.advanceDays(9);
    expect(await sweeps.autoConfirm()).toBe(0);
    t.clock.advanceDays(1);
    const [a, b] = await Promise.all([sweeps.autoConfirm(), sweeps.autoConfirm()]);
    expect(a + b).toBe(1);
    const detail = await t.http.get(`/api/v1/orders/${id}`, { token: u.token });
    expect(detail.body.status).toBe('completed');
    expect(await t.sql("SELECT actor FROM order_event WHERE order_id = ? AND to_status = 'completed'", [id])).toEqual([
      { actor: 'system' },
    ]);
  });

  it('lets admins find orders by status, number, user and date, and cancel unpaid ones with a reason', async () => {
    const u = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const o = await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: u.addressId });
    const viewer = await t.createAdmin('viewer');
    const byNo = await t.http.get(`/api/v1/admin/orders?orderNo=${o.body.orderNo}`, { token: viewer });
    expect(byNo.body.items.map((x: { id: number }) => x.id)).toEqual([o.body.id]);
    const byUser = await t.http.get(`/api/v1/admin/orders?userId=${u.userId}&status=pending_payment`, { token: viewer });
    expect(byUser.body.total).toBe(1);
    const from = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 60_000).toISOString();
    expect((await t.http.get(`/api/v1/admin/orders?from=${from}&to=${to}&userId=${u.userId}`, { token: viewer })).body.total).toBe(1);
    expect((await t.http.get(`/api/v1/admin/orders?to=${from}&userId=${u.userId}`, { token: viewer })).body.total).toBe(0);
    expect((await t.http.post(`/api/v1/admin/orders/${o.body.id}/cancel`, { reason: '缺货' }, { token: viewer })).status).toBe(403);
    const cancelled = await t.http.post(`/api/v1/admin/orders/${o.body.id}/cancel`, { reason: '缺货' }, { token: owner });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '缺货' });
    expect(cancelled.body.events.at(-1)).toMatchObject({ toStatus: 'cancelled', actor: 'admin', note: '缺货' });
  });

  it("treats another user's orders as not found", async () => {
    const alice = await buyer();
    const bob = await buyer();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const o = await placeOrder(t, alice.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: alice.addressId });
    for (const res of [
      await t.http.get(`/api/v1/orders/${o.body.id}`, { token: bob.token }),
      await t.http.post(`/api/v1/orders/${o.body.id}/cancel`, undefined, { token: bob.token }),
      await t.http.post(`/api/v1/orders/${o.body.id}/confirm-receipt`, undefined, { token: bob.token }),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await t.http.get('/api/v1/orders', { token: bob.token })).body.total).toBe(0);
    expect((await t.http.get(`/api/v1/orders/${o.body.id}`, { token: alice.token })).body.status).toBe('pending_payment');
  });

  it('counts admin list matches up to the cap and says when more orders match', async () => {
    const u = await t.loginUser();
    const addressId = await createAddress(t, u.token);
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const o = await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId });
    // The cap's worth of cancelled copies (10^4 rows from four digit tables), older than the real order.
    expect(ADMIN_ORDER_COUNT_CAP).toBe(10_000);
    const digits =
      '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    await t.sql(
      'INSERT INTO orders (order_no, user_id, status, items_total, shipping_fee, discount_total, pay_amount, paid_amount, refunded_amount, ' +
        'address, remark, idempotency_key, request_hash, pay_expires_at, cancelled_at, cancel_reason, created_at, updated_at, delivery_mode) ' +
        "SELECT CONCAT('T', n), o.user_id, 'cancelled', o.items_total, o.shipping_fee, o.discount_total, o.pay_amount, 0, 0, o.address, '', " +
        "CONCAT('copy-', n), o.request_hash, o.pay_expires_at, o.created_at, 'test copy', o.created_at, o.updated_at, o.delivery_mode " +
        `FROM orders o CROSS JOIN (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e) s ` +
        'WHERE o.id = ?',
      [o.body.id],
    );

    const viewer = await t.createAdmin('viewer');
    const all = await t.http.get('/api/v1/admin/orders?page=1&pageSize=20', { token: viewer });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: ADMIN_ORDER_COUNT_CAP, totalCapped: true, page: 1, pageSize: 20 });
    expect(all.body.items).toHaveLength(20);
    const ids = all.body.items.map((x: { id: number }) => x.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => b - a));

    // Below the cap the total is exact.
    const pending = await t.http.get(`/api/v1/admin/orders?status=pending_payment&userId=${u.userId}`, { token: viewer });
    expect(pending.body).toMatchObject({ total: 1, totalCapped: false });
    expect(pending.body.items.map((x: { id: number }) => x.id)).toEqual([o.body.id]);
    const cancelled = await t.http.get(`/api/v1/admin/orders?status=cancelled&userId=${u.userId}&page=3&pageSize=50`, { token: viewer });
    expect(cancelled.body).toMatchObject({ total: 10_000, totalCapped: false, page: 3 });
    expect(cancelled.body.items).toHaveLength(50);
  });
});
