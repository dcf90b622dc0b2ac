import { createAddress, createShopProduct, ledgerMismatches, placeOrder, startTestApp, type TestApp } from '@app/testing';

/** Checkout preview and order creation agree (issue 13 #18), and an unknown SKU is 404 everywhere (#22). */
describe('checkout preview agrees with order creation', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  const preview = (token: string, body: Record<string, unknown>) => t.http.post('/api/v1/checkout/preview', body, { token });

  it('a cart with a selected out-of-stock line: the preview says it blocks the order, as creation then does', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [
      { price: 2000, stock: 10 },
      { price: 3000, stock: 2 },
    ]);
    const [fine, scarce] = p.skuIds;
    await t.http.post('/api/v1/cart/items', { skuId: fine, quantity: 1 }, { token });
    const cart = await t.http.post('/api/v1/cart/items', { skuId: scarce, quantity: 2 }, { token });
    // Someone else buys the last units.
    const other = await t.loginUser();
    expect(
      (await placeOrder(t, other.token, { items: [{ skuId: scarce!, quantity: 2 }], addressId: await createAddress(t, other.token) }))
        .status,
    ).toBe(201);

    const blocked = await preview(token, { fromCart: true });
    expect(blocked.status).toBe(200);
    expect(blocked.body).toMatchObject({
      problems: [{ skuId: scarce, problem: 'out_of_stock' }],
      orderable: false,
      blockers: [{ code: 'OUT_OF_STOCK', details: { skus: [{ skuId: scarce, requested: 2, available: 0 }] } }],
    });
    const refused = await placeOrder(t, token, { fromCart: true, addressId });
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([409, 'OUT_OF_STOCK', blocked.body.blockers[0].details]);

    // Unselect the line: now both say yes, for the same amount.
    const line =
      cart.body.items.find((i: { skuId: number }) => i.skuId === scarce) ??
      cart.body.invalidItems.find((i: { skuId: number }) => i.skuId === scarce);
    await t.http.patch(`/api/v1/cart/items/${line.id}`, { selected: false }, { token });
    const ok = await preview(token, { fromCart: true });
    expect(ok.body).toMatchObject({ orderable: true, blockers: [], itemsTotal: 2000, shippingFee: 800, payAmount: 2800 });
    const created = await placeOrder(t, token, { fromCart: true, addressId });
    expect([created.status, created.body.payAmount]).toEqual([201, 2800]);
  });

  it('an unknown SKU is 404 NOT_FOUND in the cart and on order creation, and blocks the preview the same way', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const cart = await t.http.post('/api/v1/cart/items', { skuId: 2147483000, quantity: 1 }, { token });
    const order = await placeOrder(t, token, { items: [{ skuId: 2147483000, quantity: 1 }], addressId });
    const seen = await preview(token, { items: [{ skuId: 2147483000, quantity: 1 }] });
    expect([cart.status, cart.body.code, cart.body.details]).toEqual([404, 'NOT_FOUND', { skuIds: [2147483000] }]);
    expect([order.status, order.body.code, order.body.details]).toEqual([404, 'NOT_FOUND', { skuIds: [2147483000] }]);
    expect(seen.body).toMatchObject({ orderable: false, blockers: [{ code: 'NOT_FOUND', details: { skuIds: [2147483000] } }] });
  });

  it('for random baskets over SKUs in every state, the preview predicts creation exactly', async () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const onSale = await createShopProduct(t, owner, [
      { price: 1500, stock: 40 },
      { price: 2600, stock: 3 },
      { price: 990, stock: 0 },
    ]);
    const limited = await createShopProduct(
      t,
      owner,
      [
        { price: 3000, stock: 40 },
        { price: 3100, stock: 40 },
      ],
      { limitPerOrder: 3, limitPerUser: 4 },
    );
    const off = await createShopProduct(t, owner, [{ price: 1000, stock: 10 }], { status: 'off_sale' });
    const withDisabled = await createShopProduct(t, owner, [
      { price: 1000, stock: 10 },
      { price: 1100, stock: 10 },
    ]);
    const doc = (await t.http.get(`/api/v1/admin/products/${withDisabled.productId}`, { token: owner })).body;
    await t.http.patch(
      `/api/v1/admin/products/${withDisabled.productId}`,
      { specs: doc.specs, skus: [{ id: doc.skus[0].id, specValues: doc.skus[0].specValues, price: 1000 }] },
      { token: owner },
    );
    const pool = [...onSale.skuIds, ...limited.skuIds, off.skuIds[0]!, ...withDisabled.skuIds, 2147483000];
    const shoppers = [];
    for (let i = 0; i < 2; i++) {
      const u = await t.loginUser();
      shoppers.push({ ...u, addressId: await createAddress(t, u.token) });
    }

    const seenCodes = new Set<string>();
    for (let round = 0; round < 60; round++) {
      const s = shoppers[rnd(shoppers.length)]!;
      const skus = [...new Set(Array.from({ length: 1 + rnd(3) }, () => pool[rnd(pool.length)]!))];
      const items = skus.map((skuId) => ({ skuId, quantity: 1 + rnd(4) }));
      const said = await preview(s.token, { items });
      expect(said.status).toBe(200);
      const made = await placeOrder(t, s.token, { items, addressId: s.addressId });
      const what = { round, items, blockers: said.body.blockers.map((b: { code: string }) => b.code) };
      if (said.body.orderable) {
        expect({ ...what, status: made.status, payAmount: made.body.payAmount }).toEqual({
          ...what,
          status: 201,
          payAmount: said.body.payAmount,
        });
        seenCodes.add('201');
      } else {
        expect({ ...what, code: made.body.code, details: made.body.details }).toEqual({
          ...what,
          code: said.body.blockers[0].code,
          details: said.body.blockers[0].details,
        });
        seenCodes.add(made.body.code);
      }
    }
    // The baskets met every kind of refusal.
    expect([...seenCodes].sort()).toEqual(
      [
        '201',
        'NOT_FOUND',
        'OUT_OF_STOCK',
        'PURCHASE_LIMIT_PER_ORDER',
        'PURCHASE_LIMIT_PER_USER',
        'SKU_UNAVAILABLE',
        'TOO_MANY_UNPAID_ORDERS',
      ].sort(),
    );
    expect(await ledgerMismatches(t)).toEqual([]);
  });
});
