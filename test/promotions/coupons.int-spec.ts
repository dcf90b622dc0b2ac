import { createAddress, createShopProduct, ledgerMismatches, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { OrderSweepsRunner } from '../orders/sweeps';
import { couponFor, createTemplate } from './coupon-fixtures';

describe('coupons: templates, claims, checkout', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000', ORDER_PAY_MINUTES: '30' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  const preview = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/checkout/preview', body, { token });

  it('refuses templates whose terms do not fit their kind (400 naming the field), and viewers', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'amount_off', threshold: 1000 }, 'amount'],
      [{ kind: 'amount_off', amount: 1000, threshold: 500 }, 'threshold'],
      [{ kind: 'percent_off', threshold: 1000 }, 'ratePercent'],
      [{ kind: 'no_threshold', amount: 500, threshold: 100 }, 'threshold'],
      [{ kind: 'no_threshold', amount: 500, scope: 'products' }, 'scopeIds'],
      [{ kind: 'no_threshold', amount: 500, validDays: undefined }, 'validDays'],
      [
        { kind: 'no_threshold', amount: 500, validDays: undefined, validFrom: '2030-02-01T00:00:00Z', validTo: '2030-01-01T00:00:00Z' },
        'validTo',
      ],
    ];
    for (const [terms, field] of cases) {
      const body = { name: 'x', scope: 'all', totalQuantity: 1, perUserLimit: 1, channel: 'public', validDays: 3, ...terms };
      const res = await t.http.post('/api/v1/admin/coupon-templates', body, { token: owner });
      expect([terms, res.status, res.body.details?.fields?.[0]?.field]).toEqual([terms, 400, field]);
    }
    const viewer = await t.createAdmin('viewer');
    const res = await t.http.post(
      '/api/v1/admin/coupon-templates',
      { name: 'x', kind: 'no_threshold', amount: 1, scope: 'all', totalQuantity: 1, perUserLimit: 1, channel: 'public', validDays: 1 },
      { token: viewer },
    );
    expect(res.status).toBe(403);
    expect(await t.sql('SELECT id FROM coupon_template')).toEqual([]);
  });

  it('prices every kind and scope exactly: thresholds at the edge, percent caps, categories and products', async () => {
    const { token } = await t.loginUser();
    const top = (await t.http.post('/api/v1/admin/categories', { name: '服饰', sort: 0, isVisible: true }, { token: owner })).body.id;
    const leaf = (await t.http.post('/api/v1/admin/categories', { name: 'T恤', parentId: top, sort: 0, isVisible: true }, { token: owner }))
      .body.id;
    const shirt = await createShopProduct(t, owner, [{ price: 4950, stock: 100 }], { categoryId: leaf });
    const other = await createShopProduct(t, owner, [{ price: 1001, stock: 100 }]);
    const lines = [
      { skuId: shirt.skuIds[0]!, quantity: 2 }, // 9900 in 服饰 > T恤
      { skuId: other.skuIds[0]!, quantity: 1 }, // 1001 elsewhere
    ];
    const coupons = {
      edge: await couponFor(t, owner, token, { kind: 'amount_off', amount: 1000, threshold: 9900, scope: 'categories', scopeIds: [top] }),
      above: await couponFor(t, owner, token, { kind: 'amount_off', amount: 1000, threshold: 9901, scope: 'categories', scopeIds: [leaf] }),
      percent: await couponFor(t, owner, token, { kind: 'percent_off', ratePercent: 85, threshold: 0 }),
      capped: await couponFor(t, owner, token, { kind: 'percent_off', ratePercent: 50, threshold: 10901, maxDiscount: 3000 }),
      product: await couponFor(t, owner, token, { kind: 'no_threshold', amount: 2000, scope: 'products', scopeIds: [other.productId] }),
      nowhere: await couponFor(t, owner, token, { kind: 'no_threshold', amount: 100, scope: 'products', scopeIds: [2147483000] }),
    };
    const res = await preview(token, { items: lines });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.coupons.map((c: { couponId: number }) => [c.couponId, c]));
    expect(byId.get(coupons.edge)).toMatchObject({ discount: 1000, usable: true, description: '满99减10' });
    expect(byId.get(coupons.above)).toMatchObject({ discount: 0, usable: false, reason: 'below_threshold' });
    // 15% of 10901 = 1635.15: rounded down.
    expect(byId.get(coupons.percent)).toMatchObject({ discount: 1635, usable: true, description: '8.5折' });
    // 50% of 10901, capped at 3000, the threshold met exactly.
    expect(byId.get(coupons.capped)).toMatchObject({ discount: 3000, usable: true, description: '满109.01 5折 最多减30' });
    // Only the other product's 1001 is in scope: no more than it.
    expect(byId.get(coupons.product)).toMatchObject({ discount: 1001, usable: true });
    expect(byId.get(coupons.nowhere)).toMatchObject({ discount: 0, usable: false, reason: 'no_eligible_items' });
    // The best is chosen by default and applied to the totals and lines.
    expect(res.body).toMatchObject({ couponId: coupons.capped, itemsTotal: 10901, shippingFee: 0, discountTotal: 3000, payAmount: 7901 });
    expect(res.body.lines.map((l: { discountAmount: number; paidAmount: number }) => [l.discountAmount, l.paidAmount])).toEqual([
      [2725, 7175], // 3000 * 9900 / 10901 = 2724.5...: the larger remainder gets the extra fen
      [275, 726],
    ]);
    // An explicit choice, none at all, and an unusable one (a blocker, nothing applied).
    const chosen = await preview(token, { items: lines, couponId: coupons.edge });
    expect(chosen.body).toMatchObject({ couponId: coupons.edge, discountTotal: 1000, payAmount: 9901, orderable: true });
    expect(chosen.body.lines.map((l: { discountAmount: number }) => l.discountAmount)).toEqual([1000, 0]);
    const none = await preview(token, { items: lines, couponId: null });
    expect(none.body).toMatchObject({ couponId: null, discountTotal: 0, payAmount: 10901 });
    const refused = await preview(token, { items: lines, couponId: coupons.above });
    expect(refused.body).toMatchObject({ couponId: null, discountTotal: 0, orderable: false });
    expect(refused.body.blockers.map((b: { code: string }) => b.code)).toEqual(['COUPON_NOT_USABLE']);
    // Creating the order with a coupon that does not apply is refused and writes nothing.
    const addressId = await createAddress(t, token);
    const before = await t.sql('SELECT COUNT(*) AS n FROM orders');
    const bad = await placeOrder(t, token, { items: lines, addressId, couponId: coupons.above });
    expect([bad.status, bad.body.code, bad.body.details]).toEqual([
      409,
      'COUPON_NOT_USABLE',
      { couponId: coupons.above, reason: 'below_threshold' },
    ]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders')).toEqual(before);
  });

  it('never takes an order below 1 fen, and stores the apportioned discount on every item', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [
      { price: 333, stock: 100 },
      { price: 333, stock: 100 },
      { price: 334, stock: 100 },
      { price: 7, stock: 100 },
    ]);
    const big = await couponFor(t, owner, token, { kind: 'no_threshold', amount: 100_000 });
    const items = [
      { skuId: p.skuIds[0]!, quantity: 7 },
      { skuId: p.skuIds[1]!, quantity: 3 },
      { skuId: p.skuIds[2]!, quantity: 11 },
      { skuId: p.skuIds[3]!, quantity: 1 },
    ];
    // 2331 + 999 + 3674 + 7 = 7011 (+800 shipping): the coupon could take 7011, the floor keeps 1 fen... of shipping.
    const pre = await preview(token, { items });
    expect(pre.body).toMatchObject({ itemsTotal: 7011, shippingFee: 800, discountTotal: 7011, payAmount: 800 });
    const res = await placeOrder(t, token, { items, addressId, couponId: big });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ discountTotal: 7011, payAmount: 800, couponId: big });
    const rows = await t.sql<{ line_total: number; discount_amount: number; paid_amount: number }>(
      'SELECT line_total, discount_amount, paid_amount FROM order_item WHERE order_id = ? ORDER BY id',
      [res.body.id],
    );
    expect(rows.every((r) => r.paid_amount === 0 && r.discount_amount === r.line_total)).toBe(true);

    // Free shipping and an awkward discount: 1 fen left to pay, shares summing exactly.
    const p2 = await createShopProduct(t, owner, [
      { price: 3333, stock: 100 },
      { price: 3334, stock: 100 },
      { price: 3333, stock: 100 },
    ]);
    const all = await couponFor(t, owner, token, { kind: 'no_threshold', amount: 100_000 });
    const lines = p2.skuIds.map((skuId) => ({ skuId, quantity: 1 }));
    const free = await placeOrder(t, token, { items: lines, addressId, couponId: all });
    expect(free.body).toMatchObject({ itemsTotal: 10000, shippingFee: 0, discountTotal: 9999, payAmount: 1 });
    const shares = free.body.items.map((i: { discountAmount: number; paidAmount: number; lineTotal: number }) => [
      i.discountAmount,
      i.paidAmount,
    ]);
    expect(shares).toEqual([
      [3333, 0],
      [3333, 1],
      [3333, 0],
    ]);
    const [sum] = await t.sql(
      'SELECT SUM(discount_amount) AS d, SUM(paid_amount) AS p, SUM(line_total) AS l FROM order_item WHERE order_id = ?',
      [free.body.id],
    );
    expect([Number(sum.d), Number(sum.p), Number(sum.l)]).toEqual([9999, 1, 10000]);
  });

  it('claims: concurrent claimers never pass the total, one shopper never passes the per-user limit', async () => {
    const total = await createTemplate(t, owner, { kind: 'no_threshold', amount: 100, totalQuantity: 5, perUserLimit: 1 });
    const shoppers = await Promise.all(Array.from({ length: 12 }, () => t.loginUser()));
    const results = await Promise.all(shoppers.map((s) => t.http.post('/api/v1/coupons/claim', { templateId: total }, { token: s.token })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(new Set(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`))).toEqual(
      new Set(['409 COUPON_SOLD_OUT']),
    );
    expect(await t.sql('SELECT issued_count FROM coupon_template WHERE id = ?', [total])).toEqual([{ issued_count: 5 }]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ?', [total])).toEqual([{ n: 5 }]);

    const perUser = await createTemplate(t, owner, { kind: 'no_threshold', amount: 100, totalQuantity: 100, perUserLimit: 3 });
    const { token, userId } = await t.loginUser();
    const mine = await Promise.all(
      Array.from({ length: 9 }, () => t.http.post('/api/v1/coupons/claim', { templateId: perUser }, { token })),
    );
    expect(mine.filter((r) => r.status === 201)).toHaveLength(3);
    expect(new Set(mine.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`))).toEqual(
      new Set(['409 COUPON_CLAIM_LIMIT']),
    );
    expect(await t.sql('SELECT COUNT(*) AS n FROM coupon WHERE template_id = ? AND user_id = ?', [perUser, userId])).toEqual([{ n: 3 }]);
    expect(await t.sql('SELECT issued_count FROM coupon_template WHERE id = ?', [perUser])).toEqual([{ issued_count: 3 }]);
    const claimable = await t.http.get('/api/v1/coupons/claimable', { token });
    expect(claimable.body.items.find((c: { templateId: number }) => c.templateId === perUser)).toMatchObject({
      claimed: 3,
      perUserLimit: 3,
    });
    expect(claimable.body.items.find((c: { templateId: number }) => c.templateId === total)).toBeUndefined(); // none left
  });

  it('operator channel, issuing, stopping and revoking; claimable per product and per cart', async () => {
    const { token, userId } = await t.loginUser();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const q = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }]);
    const issued = await createTemplate(t, owner, { kind: 'no_threshold', amount: 100, channel: 'operator', perUserLimit: 1 });
    const refused = await t.http.post('/api/v1/coupons/claim', { templateId: issued }, { token });
    expect([refused.status, refused.body.code]).toEqual([409, 'COUPON_NOT_CLAIMABLE']);
    const res = await t.http.post(
      `/api/v1/admin/coupon-templates/${issued}/issue`,
      { userIds: [userId, userId + 100000] },
      { token: owner },
    );
    expect(res.body).toMatchObject({ issued: 1, refused: [{ userId: userId + 100000, code: 'NOT_FOUND' }] });
    const again = await t.http.post(`/api/v1/admin/coupon-templates/${issued}/issue`, { userIds: [userId] }, { token: owner });
    expect(again.body).toMatchObject({ issued: 0, refused: [{ userId, code: 'COUPON_CLAIM_LIMIT' }] });
    const couponId = res.body.couponIds[0];

    const onlyQ = await createTemplate(t, owner, { kind: 'no_threshold', amount: 100, scope: 'products', scopeIds: [q.productId] });
    const forP = await t.http.get(`/api/v1/coupons/claimable?productId=${p.productId}`, { token });
    const forQ = await t.http.get(`/api/v1/coupons/claimable?productId=${q.productId}`, { token });
    expect(forP.body.items.some((c: { templateId: number }) => c.templateId === onlyQ)).toBe(false);
    expect(forQ.body.items.some((c: { templateId: number }) => c.templateId === onlyQ)).toBe(true);
    expect(forQ.body.items.some((c: { templateId: number }) => c.templateId === issued)).toBe(false); // operator-issued
    await t.http.post('/api/v1/cart/items', { skuId: q.skuIds[0]!, quantity: 1 }, { token });
    const forCart = await t.http.get(`/api/v1/coupons/claimable?productIds=${p.productId},${q.productId}`, { token });
    expect(forCart.body.items.some((c: { templateId: number }) => c.templateId === onlyQ)).toBe(true);

    // Stopped: no more claims, the coupons already out stay usable.
    const claimed = await t.http.post('/api/v1/coupons/claim', { templateId: onlyQ }, { token });
    await t.http.post(`/api/v1/admin/coupon-templates/${onlyQ}/stop`, undefined, { token: owner });
    const late = await t.http.post('/api/v1/coupons/claim', { templateId: onlyQ }, { token });
    expect([late.status, late.body.code]).toEqual([409, 'COUPON_NOT_CLAIMABLE']);
    expect((await t.http.get(`/api/v1/coupons/${claimed.body.id}`, { token })).body.state).toBe('usable');

    // Revoked: shown with the expired ones, no longer usable, never twice.
    const revoke = await t.http.post(`/api/v1/admin/coupons/${couponId}/revoke`, { reason: '误发' }, { token: owner });
    expect([revoke.status, revoke.body.state]).toEqual([200, 'revoked']);
    const twice = await t.http.post(`/api/v1/admin/coupons/${couponId}/revoke`, { reason: '误发' }, { token: owner });
    expect([twice.status, twice.body.code]).toEqual([409, 'COUPON_STATE_CONFLICT']);
    const expired = await t.http.get('/api/v1/coupons?state=expired', { token });
    expect(expired.body.items.map((c: { id: number }) => c.id)).toEqual([couponId]);
    expect(await t.sql('SELECT from_status, to_status, actor FROM coupon_event WHERE coupon_id = ? ORDER BY id', [couponId])).toEqual([
      { from_status: null, to_status: 'unused', actor: 'admin' },
      { from_status: 'unused', to_status: 'revoked', actor: 'admin' },
    ]);
    // The admin list by state, alone or with the shopper or the template.
    const adminIds = async (query: string) =>
      (await t.http.get(`/api/v1/admin/coupons?${query}`, { token: owner })).body.items.map((c: { id: number }) => c.id);
    expect(await adminIds(`userId=${userId}&state=revoked`)).toEqual([couponId]);
    expect(await adminIds(`userId=${userId}&state=usable`)).toEqual([claimed.body.id]);
    expect(await adminIds(`userId=${userId}&state=expired`)).toEqual([]);
    expect(await adminIds(`templateId=${issued}&state=usable`)).toEqual([]);
    expect(await adminIds('state=revoked')).toContain(couponId);
    expect((await t.http.get('/api/v1/admin/coupons?state=lost', { token: owner })).status).toBe(400);
    // Another shopper's coupon is 404.
    const stranger = await t.loginUser();
    expect((await t.http.get(`/api/v1/coupons/${claimed.body.id}`, { token: stranger.token })).status).toBe(404);
  });

  it("at checkout: a stopped template's coupon still pays; a revoked one is refused; one locked to an unpaid order cannot be revoked", async () => {
    const { token, userId } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 3000, stock: 10 }]);
    const items = [{ skuId: p.skuIds[0]!, quantity: 1 }];
    const stopped = await createTemplate(t, owner, { kind: 'amount_off', amount: 500, threshold: 3000 });
    const claimed = (await t.http.post('/api/v1/coupons/claim', { templateId: stopped }, { token })).body.id as number;
    expect((await t.http.post(`/api/v1/admin/coupon-templates/${stopped}/stop`, undefined, { token: owner })).body.status).toBe('stopped');
    // Stopping ends claims, not the coupons already out: the preview offers it, the order takes it.
    const pre = await preview(token, { items });
    expect(pre.body).toMatchObject({ couponId: claimed, discountTotal: 500, payAmount: 3300 });
    const order = await placeOrder(t, token, { items, addressId, couponId: claimed });
    expect([order.status, order.body.couponId, order.body.discountTotal, order.body.payAmount]).toEqual([201, claimed, 500, 3300]);

    // Locked to that unpaid order: revoking it is a conflict and changes nothing.
    const locked = await t.http.post(`/api/v1/admin/coupons/${claimed}/revoke`, { reason: '误发' }, { token: owner });
    expect([locked.status, locked.body.code, locked.body.details]).toEqual([409, 'COUPON_STATE_CONFLICT', { status: 'used' }]);
    expect((await t.http.get(`/api/v1/coupons/${claimed}`, { token })).body).toMatchObject({ state: 'used', orderId: order.body.id });
    // Given back by the cancellation (the template still stopped), it can be revoked.
    expect((await t.http.post(`/api/v1/orders/${order.body.id}/cancel`, undefined, { token })).status).toBe(200);
    expect((await t.http.get(`/api/v1/coupons/${claimed}`, { token })).body).toMatchObject({ state: 'usable', orderId: null });
    const later = await t.http.post(`/api/v1/admin/coupons/${claimed}/revoke`, { reason: '误发' }, { token: owner });
    expect([later.status, later.body.state]).toEqual([200, 'revoked']);

    // Revoked, an operator-issued coupon is neither offered nor taken.
    const issuedTemplate = await createTemplate(t, owner, { kind: 'no_threshold', amount: 300, channel: 'operator' });
    const issued = await t.http.post(`/api/v1/admin/coupon-templates/${issuedTemplate}/issue`, { userIds: [userId] }, { token: owner });
    const revokedId = issued.body.couponIds[0] as number;
    expect((await t.http.post(`/api/v1/admin/coupons/${revokedId}/revoke`, { reason: '误发' }, { token: owner })).status).toBe(200);
    const offered = await preview(token, { items });
    expect(offered.body.coupons.map((c: { couponId: number }) => c.couponId)).not.toContain(revokedId);
    expect(offered.body.coupons.map((c: { couponId: number }) => c.couponId)).not.toContain(claimed);
    const asked = await preview(token, { items, couponId: revokedId });
    expect([asked.body.orderable, asked.body.blockers.map((b: { code: string }) => b.code)]).toEqual([false, ['COUPON_NOT_USABLE']]);
    const before = await t.sql('SELECT COUNT(*) AS n FROM orders');
    for (const couponId of [revokedId, claimed]) {
      const refused = await placeOrder(t, token, { items, addressId, couponId });
      expect([refused.status, refused.body.code, refused.body.details]).toEqual([
        409,
        'COUPON_NOT_USABLE',
        { couponId, reason: 'revoked' },
      ]);
    }
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders')).toEqual(before);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]])).toEqual([{ stock: 10 }]);
  });

  it('validity: N days after claim ends exactly N days after the claim; a fixed window not yet open is refused until it opens', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 2000, stock: 10 }]);
    const items = [{ skuId: p.skuIds[0]!, quantity: 1 }];
    const DAY = 86_400_000;

    t.clock.advance(12_345); // a claim time that is no round number
    const claimedAt = t.clock.now().getTime();
    const relative = await couponFor(t, owner, token, { kind: 'no_threshold', amount: 100, validDays: 7 });
    expect((await t.http.get(`/api/v1/coupons/${relative}`, { token })).body).toMatchObject({
      state: 'usable',
      validFrom: new Date(claimedAt).toISOString(),
      validTo: new Date(claimedAt + 7 * DAY).toISOString(),
      claimedAt: new Date(claimedAt).toISOString(),
    });

    // A fixed window opening in a day: claimable now, but it applies to nothing before it opens.
    const opens = claimedAt + DAY;
    const fixed = await couponFor(t, owner, token, {
      kind: 'no_threshold',
      amount: 200,
      validFrom: new Date(opens).toISOString(),
      validTo: new Date(opens + 2 * DAY).toISOString(),
    });
    expect((await t.http.get(`/api/v1/coupons/${fixed}`, { token })).body).toMatchObject({
      state: 'upcoming',
      validFrom: new Date(opens).toISOString(),
      validTo: new Date(opens + 2 * DAY).toISOString(),
    });
    // Listed where shoppers look for their coupons (the usable tab), after the usable ones, saying it is not open yet.
    const held = async () =>
      (await t.http.get('/api/v1/coupons?state=usable', { token })).body.items.map((c: { id: number; state: string }) => [c.id, c.state]);
    expect(await held()).toEqual([
      [relative, 'usable'],
      [fixed, 'upcoming'],
    ]);
    const early = await preview(token, { items });
    const option = early.body.coupons.find((c: { couponId: number }) => c.couponId === fixed);
    expect(option).toMatchObject({ discount: 0, usable: false, reason: 'not_started' });
    expect(early.body).toMatchObject({ couponId: relative, discountTotal: 100 }); // the best is the one that applies
    const asked = await preview(token, { items, couponId: fixed });
    expect(asked.body).toMatchObject({ couponId: null, discountTotal: 0, orderable: false });
    const before = await t.sql('SELECT COUNT(*) AS n FROM orders');
    const refused = await placeOrder(t, token, { items, addressId, couponId: fixed });
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([
      409,
      'COUPON_NOT_USABLE',
      { couponId: fixed, reason: 'not_started' },
    ]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders')).toEqual(before);
    expect((await t.http.get(`/api/v1/coupons/${fixed}`, { token })).body.orderId).toBeNull();

    // Opened: it applies (and is the best now).
    t.clock.set(opens - 1);
    expect((await t.http.get(`/api/v1/coupons/${fixed}`, { token })).body.state).toBe('upcoming');
    t.clock.set(opens);
    expect(await held()).toEqual([
      [fixed, 'usable'], // now both usable: the one expiring first first
      [relative, 'usable'],
    ]);
    expect((await preview(token, { items })).body).toMatchObject({ couponId: fixed, discountTotal: 200 });
    const taken = await placeOrder(t, token, { items, addressId, couponId: fixed });
    expect([taken.status, taken.body.discountTotal]).toEqual([201, 200]);

    // The relative one: usable until 1 ms before its end, expired at it (preview and checkout alike).
    t.clock.set(claimedAt + 7 * DAY - 1);
    expect((await t.http.get(`/api/v1/coupons/${relative}`, { token })).body.state).toBe('usable');
    expect((await preview(token, { items, couponId: relative })).body).toMatchObject({ couponId: relative, discountTotal: 100 });
    t.clock.set(claimedAt + 7 * DAY);
    expect((await t.http.get(`/api/v1/coupons/${relative}`, { token })).body.state).toBe('expired');
    const late = await placeOrder(t, token, { items, addressId, couponId: relative });
    expect([late.status, late.body.code, late.body.details]).toEqual([409, 'COUPON_NOT_USABLE', { couponId: relative, reason: 'expired' }]);
  });

  it('one coupon, many concurrent orders: exactly one wins; cancel and expiry give it back, within its window', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 5000, stock: 100 }]);
    const couponId = await couponFor(t, owner, token, { kind: 'amount_off', amount: 500, threshold: 5000 });
    const items = [{ skuId: p.skuIds[0]!, quantity: 1 }];
    const racing = await Promise.all(Array.from({ length: 8 }, () => placeOrder(t, token, { items, addressId, couponId })));
    const won = racing.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(new Set(racing.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`))).toEqual(
      new Set([
        '409 COUPON_NOT_USABLE',
        ...(racing.some((r) => r.body.code === 'TOO_MANY_UNPAID_ORDERS') ? ['409 TOO_MANY_UNPAID_ORDERS'] : []),
      ]),
    );
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders WHERE coupon_id = ?', [couponId])).toEqual([{ n: 1 }]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]])).toEqual([{ stock: 99 }]);
    expect(await ledgerMismatches(t)).toEqual([]);
    const orderId = won[0]!.body.id;
    expect((await t.http.get(`/api/v1/coupons/${couponId}`, { token })).body).toMatchObject({ state: 'used', orderId });
    expect((await t.http.get('/api/v1/coupons?state=used', { token })).body.items.map((c: { id: number }) => c.id)).toEqual([couponId]);

    // Cancelled by the buyer: the coupon is usable again, and a second order can take it.
    await t.http.post(`/api/v1/orders/${orderId}/cancel`, undefined, { token });
    expect((await t.http.get(`/api/v1/coupons/${couponId}`, { token })).body).toMatchObject({ state: 'usable', orderId: null });
    const second = await placeOrder(t, token, { items, addressId, couponId });
    expect([second.status, second.body.payAmount]).toEqual([201, 5300]); // 5000 - 500 + 800 shipping

    // Expired unpaid: the sweep gives it back too.
    t.clock.advanceMinutes(31);
    await new OrderSweepsRunner(t).expire();
    expect((await t.http.get(`/api/v1/coupons/${couponId}`, { token })).body).toMatchObject({ state: 'usable', orderId: null });
    expect(await t.sql('SELECT from_status, to_status, actor, note FROM coupon_event WHERE coupon_id = ? ORDER BY id', [couponId])).toEqual(
      [
        { from_status: null, to_status: 'unused', actor: 'user', note: 'claim' },
        { from_status: 'unused', to_status: 'used', actor: 'user', note: `order ${orderId}` },
        { from_status: 'used', to_status: 'unused', actor: 'user', note: 'cancelled by buyer' },
        { from_status: 'unused', to_status: 'used', actor: 'user', note: `order ${second.body.id}` },
        { from_status: 'used', to_status: 'unused', actor: 'system', note: 'expired' },
      ],
    );

    // Given back after its window has closed: it shows as expired and cannot be used.
    const fixed = await couponFor(t, owner, token, {
      kind: 'no_threshold',
      amount: 100,
      validFrom: new Date(t.clock.now().getTime() - 60_000).toISOString(),
      validTo: new Date(t.clock.now().getTime() + 10 * 60_000).toISOString(),
    });
    const third = await placeOrder(t, token, { items, addressId, couponId: fixed });
    expect(third.status).toBe(201);
    t.clock.advanceMinutes(31);
    await new OrderSweepsRunner(t).expire();
    expect((await t.http.get(`/api/v1/coupons/${fixed}`, { token })).body.state).toBe('expired');
    const stale = await placeOrder(t, token, { items, addressId, couponId: fixed });
    expect([stale.status, stale.body.code, stale.body.details.reason]).toEqual([409, 'COUPON_NOT_USABLE', 'expired']);
  });
});

describe('coupons with ALLOW_FREE_ORDERS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '1000', ALLOW_FREE_ORDERS: 'true' } });
  });
  afterAll(() => t?.close());

  it('a coupon covering everything leaves 0 to pay: the order is paid as it is created, audited, stock kept', async () => {
    const owner = await t.loginAdmin();
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 1200, stock: 10 }]);
    const couponId = await couponFor(t, owner, token, { kind: 'no_threshold', amount: 5000 });
    const res = await placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId, couponId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'paid', itemsTotal: 1200, shippingFee: 0, discountTotal: 1200, payAmount: 0, paidAmount: 0 });
    expect(
      await t.sql('SELECT from_status, to_status, actor, note FROM order_event WHERE order_id = ? ORDER BY id', [res.body.id]),
    ).toEqual([
      { from_status: null, to_status: 'pending_payment', actor: 'user', note: 'created' },
      { from_status: 'pending_payment', to_status: 'paid', actor: 'system', note: 'nothing to pay' },
    ]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]])).toEqual([{ stock: 9 }]);
    expect((await t.http.get(`/api/v1/coupons/${couponId}`, { token })).body.state).toBe('used');
  });
});
