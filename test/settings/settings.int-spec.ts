import { SettingsService } from '@app/settings';
import { AUTO_CONFIRM_SWEEP, createAddress, createShopProduct, JobRunner, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { type Buyer, newBuyer, order, pay, type PlacedOrder } from '../reports/report-fixtures';

/** Issue 18: runtime shop settings, env defaults, owners edit (validated, audited), every instance follows. */
describe('runtime shop settings', () => {
  let a: TestApp;
  let b: TestApp; // a second instance on the same database
  let owner: string;
  let shopper: string;
  let addressId: number;
  let skuId: number;

  const preview = async (app: TestApp): Promise<number> => {
    const res = await app.http.post('/api/v1/checkout/preview', { items: [{ skuId, quantity: 1 }], addressId }, { token: shopper });
    expect(res.status).toBe(200);
    return res.body.shippingFee as number;
  };

  beforeAll(async () => {
    a = await startTestApp({ env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '100000', CUSTOMER_SERVICE_PHONE: '400-800-8888' } });
    // The second instance checks the version only when told (a long interval): the test triggers its checks.
    b = await startTestApp({
      database: a.db,
      wechat: a.wechat,
      clock: a.clock,
      env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '100000', SETTINGS_REFRESH_MS: '60000' },
    });
    owner = await a.loginAdmin();
    shopper = (await a.loginUser()).token;
    addressId = await createAddress(a, shopper);
    skuId = (await createShopProduct(a, owner, [{ price: 1000, stock: 50 }])).skuIds[0]!;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('starts from the environment, readable by every admin role and (in part) by shoppers', async () => {
    const viewer = await a.createAdmin('viewer');
    const res = await a.http.get('/api/v1/admin/settings', { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      values: {
        shippingFee: 800,
        freeShippingThreshold: 100000,
        orderPayMinutes: 30,
        lowStockThreshold: 10,
        customerServicePhone: '400-800-8888',
      },
      overridden: [],
      version: 0,
    });
    expect(res.body.defaults).toEqual(res.body.values);
    expect((await a.http.get('/api/v1/shop-settings')).body).toEqual({
      shippingFee: 800,
      freeShippingThreshold: 100000,
      customerServicePhone: '400-800-8888',
      customerServiceHours: '',
    });
    expect(await preview(a)).toBe(800);
  });

  it('is changed by owners only, validated, and writes nothing on bad input', async () => {
    const operator = await a.createAdmin('operator');
    expect((await a.http.patch('/api/v1/admin/settings', { shippingFee: 1 }, { token: operator })).status).toBe(403);
    expect((await a.http.patch('/api/v1/admin/settings', { shippingFee: 1 })).status).toBe(401);
    for (const bad of [
      { shippingFee: -1 },
      { shippingFee: '5' },
      { shippingFee: 1.5 },
      { orderPayMinutes: 0 },
      { afterSaleDays: 366 },
      { customerServicePhone: 'call me' },
      { customerServiceHours: '' },
      { unknown: 1 },
    ]) {
      const res = await a.http.patch('/api/v1/admin/settings', bad, { token: owner });
      expect([JSON.stringify(bad), res.status, res.body.code]).toEqual([JSON.stringify(bad), 400, 'VALIDATION_FAILED']);
    }
    expect((await a.sql('SELECT version FROM shop_settings WHERE id = 1'))[0].version).toBe(0);
  });

  it('applies a change at once on the instance that made it, and on another after its version check', async () => {
    const res = await a.http.patch(
      '/api/v1/admin/settings',
      { shippingFee: 1234, customerServiceHours: '每天 9:00-21:00' },
      { token: owner },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ values: { shippingFee: 1234 }, overridden: ['shippingFee', 'customerServiceHours'], version: 1 });
    expect(await preview(a)).toBe(1234);

    // Instance b still holds its copy: no query per request...
    expect(await preview(b)).toBe(800);
    // ...until its periodic version check runs (triggered here instead of waited for).
    await b.app.get(SettingsService).refresh();
    expect(await preview(b)).toBe(1234);
    expect((await b.http.get('/api/v1/shop-settings')).body.customerServiceHours).toBe('每天 9:00-21:00');

    // null: back to the environment's default, on both.
    await a.http.patch('/api/v1/admin/settings', { shippingFee: null }, { token: owner });
    await b.app.get(SettingsService).refresh();
    expect([await preview(a), await preview(b)]).toEqual([800, 800]);
  });

  it('is followed by the periodic check within its interval, with no request needed', async () => {
    const c = await startTestApp({ database: a.db, wechat: a.wechat, clock: a.clock, env: { SETTINGS_REFRESH_MS: '100' } });
    try {
      const service = c.app.get(SettingsService);
      await a.http.patch('/api/v1/admin/settings', { lowStockThreshold: 3 }, { token: owner });
      const started = Date.now();
      while (service.current().lowStockThreshold !== 3 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 20));
      expect(service.current().lowStockThreshold).toBe(3);
    } finally {
      await c.close();
    }
  });

  it('drives the rules that read it: payment deadline, low-stock threshold', async () => {
    await a.http.patch('/api/v1/admin/settings', { orderPayMinutes: 5, lowStockThreshold: 50 }, { token: owner });
    const order = await placeOrder(a, shopper, { items: [{ skuId, quantity: 1 }], addressId });
    expect(order.status).toBe(201);
    expect(new Date(order.body.payExpiresAt).getTime() - new Date(order.body.createdAt).getTime()).toBe(5 * 60_000);
    const low = await a.http.get('/api/v1/admin/skus/low-stock', { token: owner });
    expect(low.body.items.map((s: any) => s.skuId)).toContain(skuId); // 49 left <= 50
  });

  it('leaves every change in the audit log', async () => {
    const log = await a.http.get('/api/v1/admin/audit-logs?action=adminUpdateSettings&outcome=succeeded', { token: owner });
    expect(log.body.items.length).toBeGreaterThanOrEqual(4);
    expect(log.body.items.at(-1)).toMatchObject({
      targetType: 'settings',
      role: 'owner',
      summary: JSON.stringify({ shippingFee: 1234, customerServiceHours: '每天 9:00-21:00' }),
    });
    const refused = await a.http.get('/api/v1/admin/audit-logs?action=adminUpdateSettings&outcome=failed', { token: owner });
    expect(refused.body.items.every((i: any) => i.errorCode === 'VALIDATION_FAILED')).toBe(true);
  });

  describe('the after-sale and delivery rules', () => {
    const DAY = 86_400_000;
    let buyer: Buyer;
    const set = async (patch: Record<string, number | null>): Promise<void> => {
      const res = await a.http.patch('/api/v1/admin/settings', patch, { token: owner });
      expect([res.status, res.body.version]).toEqual([200, expect.any(Number)]);
    };
    /** A paid order of one unit, shipped and, unless told otherwise, received (the mock provider pays it). */
    const shipped = async (receive = false): Promise<PlacedOrder> => {
      const o = await order(a, buyer, [{ skuId, quantity: 1 }]);
      await pay(a, buyer, o);
      const s = await a.http.post(
        `/api/v1/admin/orders/${o.id}/ship`,
        { expressCompany: 'SF', trackingNo: `SF${o.id}0001` },
        { token: owner },
      );
      expect(s.status).toBe(200);
      if (receive)
        expect((await a.http.post(`/api/v1/orders/${o.id}/confirm-receipt`, undefined, { token: buyer.token })).status).toBe(200);
      return o;
    };
    const apply = (o: PlacedOrder, type: 'refund_only' | 'return_refund') =>
      a.http.post(
        '/api/v1/after-sales',
        { orderId: o.id, type, reason: 'quality_issue', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] },
        { token: buyer.token },
      );
    const statusOf = async (o: PlacedOrder): Promise<string> => (await a.sql('SELECT status FROM orders WHERE id = ?', [o.id]))[0].status;

    beforeAll(async () => {
      buyer = await newBuyer(a);
    });

    it('free shipping from the stored threshold: at it nothing, a fen under it the fee', async () => {
      await set({ freeShippingThreshold: 1001 }); // the SKU costs 1000
      expect(await preview(a)).toBe(800);
      await set({ freeShippingThreshold: 1000 });
      expect(await preview(a)).toBe(0);
      await set({ freeShippingThreshold: null });
      expect(await preview(a)).toBe(800);
    });

    it('after-sale days: a completed order outside the stored window is refused, inside a longer one accepted', async () => {
      const o = await shipped(true);
      await set({ afterSaleDays: 2 }); // the environment says 7
      a.clock.advance(2 * DAY + 60_000);
      const late = await apply(o, 'refund_only');
      expect([late.status, late.body.code, late.body.details]).toEqual([409, 'AFTER_SALE_WINDOW_CLOSED', { days: 2 }]);
      await set({ afterSaleDays: 3 });
      expect((await apply(o, 'refund_only')).status).toBe(201);
      await set({ afterSaleDays: null });
    });

    it('return days: the approval gives the buyer the stored number of days to send the goods back', async () => {
      await set({ returnShipDays: 3 }); // the environment says 7
      const o = await shipped();
      const applied = await apply(o, 'return_refund');
      expect(applied.status).toBe(201);
      const approved = await a.http.post(`/api/v1/admin/after-sales/${applied.body.id}/approve`, {}, { token: owner });
      expect([approved.status, approved.body.status]).toEqual([200, 'awaiting_return']);
      expect(approved.body.returnDeadline).toBe(new Date(a.clock.now().getTime() + 3 * DAY).toISOString());
      await set({ returnShipDays: null });
    });

    it('auto-confirm days: the sweep confirms receipt after the stored number of days, not before', async () => {
      await set({ orderAutoConfirmDays: 2 }); // the environment says 10
      const o = await shipped();
      const sweep = (): Promise<number> => a.app.get(JobRunner).runSweep(AUTO_CONFIRM_SWEEP);
      a.clock.advance(2 * DAY - 60_000);
      await sweep();
      expect(await statusOf(o)).toBe('shipped');
      a.clock.advance(2 * 60_000);
      await sweep();
      expect(await statusOf(o)).toBe('completed');
      await set({ orderAutoConfirmDays: null });
    });
  });
});
