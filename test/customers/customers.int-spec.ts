import { countQueries, createAddress, createShopProduct, placeOrder, startTestApp, type TestApp } from '@app/testing';

/** Issue 18: shoppers in the back office: list and search, detail, disable / enable with a reason. */
describe('customers', () => {
  let t: TestApp;
  let owner: string;
  let operator: string;
  let viewer: string;
  let skuId: number;

  interface Shopper {
    token: string;
    userId: number;
    openid: string;
    addressId: number;
  }
  let seq = 0;
  const shopper = async (nickname: string, phone: string | null = null): Promise<Shopper> => {
    const openid = `o_cust_${++seq}_${Date.now().toString(36)}`;
    const { token, userId } = await t.loginUser(openid);
    await t.sql('UPDATE `user` SET nickname = ?, phone = ? WHERE id = ?', [nickname, phone, userId]);
    return { token, userId, openid, addressId: await createAddress(t, token) };
  };
  const order = async (s: Shopper, quantity: number, pay: boolean): Promise<any> => {
    const res = await placeOrder(t, s.token, { items: [{ skuId, quantity }], addressId: s.addressId });
    expect(res.status).toBe(201);
    if (pay) expect((await t.http.post(`/api/v1/dev/payments/${res.body.orderNo}/succeed`)).status).toBeLessThan(300);
    return res.body;
  };

  beforeAll(async () => {
    t = await startTestApp({ env: { FREE_SHIPPING_THRESHOLD: '0' } });
    owner = await t.loginAdmin();
    operator = await t.createAdmin('operator');
    viewer = await t.createAdmin('viewer');
    skuId = (await createShopProduct(t, owner, [{ price: 2500, stock: 1000 }])).skuIds[0]!;
  });
  afterAll(() => t?.close());

  it('lists shoppers newest first, masked, with order count, total spend and last order, found by nickname, phone, openid, status', async () => {
    const ann = await shopper('Ann 小安', '13800138000');
    const bob = await shopper('Bob', null);
    await order(ann, 2, true); // 5000 paid
    await order(ann, 1, true); // 2500 paid
    const last = await order(ann, 1, false); // unpaid: counts as the last order, not as spend

    const res = await t.http.get('/api/v1/admin/customers?pageSize=2', { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    expect(res.body.items.map((c: any) => c.id)).toEqual([bob.userId, ann.userId]);
    const a = res.body.items[1];
    expect(a).toMatchObject({
      nickname: 'Ann 小安',
      phone: '138****8000',
      status: 'active',
      orderCount: 2,
      totalSpent: 7500,
      lastOrderAt: last.createdAt,
    });
    expect(a.openid).toBe(`${ann.openid.slice(0, 4)}****${ann.openid.slice(-4)}`);
    expect(res.body.items[0]).toMatchObject({ phone: null, orderCount: 0, totalSpent: 0, lastOrderAt: null });

    const ids = async (qs: string): Promise<number[]> =>
      (await t.http.get(`/api/v1/admin/customers?${qs}`, { token: viewer })).body.items.map((c: any) => c.id);
    expect(await ids('nickname=Ann')).toEqual([ann.userId]);
    expect(await ids('nickname=nn')).toEqual([]); // a prefix, not a substring (served by the index)
    expect(await ids('nickname=%25')).toEqual([]); // LIKE wildcards are literal
    expect(await ids('phone=13800138000')).toEqual([ann.userId]);
    expect(await ids(`openid=${bob.openid}`)).toEqual([bob.userId]);
    expect((await t.http.get('/api/v1/admin/customers?phone=138abc', { token: viewer })).status).toBe(400);
    expect((await t.http.get('/api/v1/admin/customers?status=gone', { token: viewer })).status).toBe(400);
  });

  it('reads the order stats of a whole page in a fixed number of queries (no N+1)', async () => {
    for (let i = 0; i < 6; i++) await order(await shopper(`n+1 ${i}`), 1, true);
    const count = async (pageSize: number): Promise<number> =>
      (await countQueries(t, () => t.http.get(`/api/v1/admin/customers?pageSize=${pageSize}`, { token: viewer }))).queries.length;
    expect(await count(6)).toBe(await count(2));
  });

  it('shows one shopper with their orders and after-sales; another id is 404', async () => {
    const c = await shopper('Cat', '13900139000');
    const paid = await order(c, 2, true);
    const applied = await t.http.post(
      '/api/v1/after-sales',
      { orderId: paid.id, type: 'refund_only', reason: 'other', items: [{ orderItemId: paid.items[0].id, quantity: 1 }] },
      { token: c.token },
    );
    expect(applied.status).toBe(201);
    const res = await t.http.get(`/api/v1/admin/customers/${c.userId}`, { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.userId, phone: '139****9000', orderCount: 1, totalSpent: paid.payAmount, statusReason: null });
    expect(res.body.orders).toEqual([
      expect.objectContaining({ id: paid.id, orderNo: paid.orderNo, status: 'paid', paidAmount: paid.payAmount, refundedAmount: 0 }),
    ]);
    expect(res.body.afterSales).toEqual([
      expect.objectContaining({ id: applied.body.id, orderId: paid.id, status: 'requested', type: 'refund_only' }),
    ]);
    expect((await t.http.get('/api/v1/admin/customers/2147483000', { token: viewer })).status).toBe(404);
  });

  it('disables a shopper with a reason: browsing goes on, ordering, paying and after-sale answer 403 USER_DISABLED; enabling restores them', async () => {
    const d = await shopper('Dan');
    const paid = await order(d, 1, true);
    const unpaid = await order(d, 1, false);

    expect((await t.http.post(`/api/v1/admin/customers/${d.userId}/disable`, { reason: 'x' }, { token: viewer })).status).toBe(403);
    expect((await t.http.post(`/api/v1/admin/customers/${d.userId}/disable`, {}, { token: operator })).status).toBe(400);
    const off = await t.http.post(`/api/v1/admin/customers/${d.userId}/disable`, { reason: '恶意下单' }, { token: operator });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ status: 'disabled', statusReason: '恶意下单' });
    const again = await t.http.post(`/api/v1/admin/customers/${d.userId}/disable`, { reason: 'again' }, { token: operator });
    expect([again.status, again.body.code]).toEqual([409, 'CUSTOMER_STATE_CONFLICT']);
    expect((await t.http.post('/api/v1/admin/customers/2147483000/disable', { reason: 'x' }, { token: operator })).status).toBe(404);

    // Browsing and reading their own records still work.
    for (const path of ['/api/v1/me', '/api/v1/orders', `/api/v1/orders/${paid.id}`, '/api/v1/after-sales', '/api/v1/cart']) {
      expect([path, (await t.http.get(path, { token: d.token })).status]).toEqual([path, 200]);
    }
    expect((await t.http.get('/api/v1/products')).status).toBe(200);
    // Buying and asking for money back do not.
    const refused = [
      await placeOrder(t, d.token, { items: [{ skuId, quantity: 1 }], addressId: d.addressId }),
      await t.http.post(`/api/v1/orders/${unpaid.id}/pay`, undefined, { token: d.token }),
      await t.http.post(
        '/api/v1/after-sales',
        { orderId: paid.id, type: 'refund_only', reason: 'other', items: [{ orderItemId: paid.items[0].id, quantity: 1 }] },
        { token: d.token },
      ),
    ];
    expect(refused.map((r) => [r.status, r.body.code])).toEqual([
      [403, 'USER_DISABLED'],
      [403, 'USER_DISABLED'],
      [403, 'USER_DISABLED'],
    ]);
    expect((await t.sql('SELECT COUNT(*) AS n FROM after_sale WHERE user_id = ?', [d.userId]))[0].n).toBe(0);

    // A second instance (its own identity cache) refuses at once too.
    const other = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock });
    try {
      const res = await placeOrder(other, d.token, { items: [{ skuId, quantity: 1 }], addressId: d.addressId });
      expect([res.status, res.body.code]).toEqual([403, 'USER_DISABLED']);
    } finally {
      await other.close();
    }

    const on = await t.http.post(`/api/v1/admin/customers/${d.userId}/enable`, { reason: '误封' }, { token: operator });
    expect(on.body).toMatchObject({ status: 'active', statusReason: '误封' });
    expect((await placeOrder(t, d.token, { items: [{ skuId, quantity: 1 }], addressId: d.addressId })).status).toBe(201);
  });

  it('leaves each disable and enable in the audit log with its reason', async () => {
    const log = await t.http.get('/api/v1/admin/audit-logs?targetType=customers&outcome=succeeded', { token: owner });
    expect(log.body.items.map((i: any) => [i.action, i.role, JSON.parse(i.summary).reason])).toEqual([
      ['adminEnableCustomer', 'operator', '误封'],
      ['adminDisableCustomer', 'operator', '恶意下单'],
    ]);
  });
});
