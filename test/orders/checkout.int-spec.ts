import {
  countQueries,
  createAddress,
  createShopProduct,
  idempotencyKey,
  ledgerMismatches,
  placeOrder,
  startTestApp,
  type TestApp,
} from '@app/testing';

describe('checkout and order creation', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000', ORDER_PAY_MINUTES: '30' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  it('previews priced lines, shipping and problems without failing', async () => {
    const { token } = await t.loginUser();
    const p = await createShopProduct(t, owner, [
      { price: 3000, stock: 10 },
      { price: 4000, stock: 1 },
    ]);
    const res = await t.http.post(
      '/api/v1/checkout/preview',
      {
        items: [
          { skuId: p.skuIds[0]!, quantity: 2 },
          { skuId: p.skuIds[1]!, quantity: 3 },
          { skuId: 2147483000, quantity: 1 },
        ],
      },
      { token },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ itemsTotal: 6000, shippingFee: 800, payAmount: 6800 });
    expect(res.body.problems).toEqual([
      { skuId: p.skuIds[1]!, problem: 'stock_short' },
      { skuId: 2147483000, problem: 'not_found' },
    ]);
    const free = await t.http.post('/api/v1/checkout/preview', { items: [{ skuId: p.skuIds[0]!, quantity: 4 }] }, { token });
    expect([free.body.itemsTotal, free.body.shippingFee, free.body.payAmount]).toEqual([12000, 0, 12000]);
  });

  it('creates an order from the cart: snapshots, deadline, first event, cart lines removed, stock reserved', async () => {
    const { token, userId } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [
      { price: 2000, stock: 10 },
      { price: 3000, stock: 10 },
    ]);
    await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 2 }, { token });
    const cart = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[1]!, quantity: 1 }, { token });
    const other = cart.body.items.find((i: { skuId: number }) => i.skuId === p.skuIds[1]!);
    await t.http.patch(`/api/v1/cart/items/${other.id}`, { selected: false }, { token });

    const res = await placeOrder(t, token, { fromCart: true, addressId, remark: '请尽快发货' });
    expect(res.status).toBe(201);
    const o = res.body;
    expect(o).toMatchObject({
      status: 'pending_payment',
      itemsTotal: 4000,
      shippingFee: 800,
      payAmount: 4800,
      paidAmount: 0,
      remark: '请尽快发货',
    });
    expect(o.orderNo).toMatch(/^\d{23}$/);
    expect(o.actions).toEqual(['pay', 'cancel']);
    expect(new Date(o.payExpiresAt).getTime() - new Date(o.createdAt).getTime()).toBe(30 * 60_000);
    expect(o.address).toMatchObject({ receiverName: '张三', fullAddress: '广东省深圳市南山区科技园路1号' });
    expect(o.items).toEqual([
      expect.objectContaining({ skuId: p.skuIds[0]!, unitPrice: 2000, quantity: 2, lineTotal: 4000, specText: '款1' }),
    ]);

    // The address book and the catalog may change; the order keeps its snapshot.
    await t.sql("UPDATE address SET detail = 'moved' WHERE id = ?", [addressId]);
    await t.sql('UPDATE sku SET price = 1 WHERE id = ?', [p.skuIds[0]!]);
    const again = await t.http.get(`/api/v1/orders/${o.id}`, { token });
    expect([again.body.address.detail, again.body.items[0].unitPrice]).toEqual(['科技园路1号', 2000]);

    expect(await t.sql('SELECT sku_id FROM cart_item WHERE user_id = ?', [userId])).toEqual([{ sku_id: p.skuIds[1]! }]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]!])).toEqual([{ stock: 8 }]);
    expect(
      await t.sql("SELECT delta, reason, ref_type, ref_id FROM stock_movement WHERE sku_id = ? AND reason = 'order'", [p.skuIds[0]!]),
    ).toEqual([{ delta: -2, reason: 'order', ref_type: 'order', ref_id: o.id }]);
    expect(await t.sql('SELECT from_status, to_status, actor, actor_id FROM order_event WHERE order_id = ?', [o.id])).toEqual([
      { from_status: null, to_status: 'pending_payment', actor: 'user', actor_id: userId },
    ]);
  });

  it('returns the original order for a repeated Idempotency-Key and refuses another body under it', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 1500, stock: 10 }]);
    const key = idempotencyKey();
    const body = { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId };
    const a = await placeOrder(t, token, body, key);
    const b = await placeOrder(t, token, { addressId, items: [{ quantity: 1, skuId: p.skuIds[0]! }] }, key); // same body, other key order
    expect(b.status).toBe(201);
    expect(b.headers.get('idempotent-replayed')).toBe('true');
    expect(b.body.id).toBe(a.body.id);
    const c = await placeOrder(t, token, { ...body, items: [{ skuId: p.skuIds[0]!, quantity: 2 }] }, key);
    expect([c.status, c.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]!])).toEqual([{ stock: 9 }]);
    // Another user may use the same key for their own order.
    const other = await t.loginUser();
    const otherAddress = await createAddress(t, other.token);
    const d = await placeOrder(t, other.token, { ...body, addressId: otherAddress }, key);
    expect(d.status).toBe(201);
    expect(d.body.id).not.toBe(a.body.id);
  });

  it('creates one order for 20 concurrent requests with one key', async () => {
    const { token, userId } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 1500, stock: 100 }]);
    const key = idempotencyKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId }, key)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [userId])).toEqual([{ n: 1 }]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]!])).toEqual([{ stock: 99 }]);
    expect(await ledgerMismatches(t)).toEqual([]);
  });

  it('refuses bad orders with clear codes and writes nothing', async () => {
    const { token, userId } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 1500, stock: 3 }]);
    const off = await createShopProduct(t, owner, [{ price: 1500, stock: 3 }], { status: 'off_sale' });
    const stranger = await t.loginUser();
    const strangersAddress = await createAddress(t, stranger.token);
    const item = { skuId: p.skuIds[0]!, quantity: 1 };
    const cases: [string, Promise<any>, number, string][] = [
      ['no key', t.http.post('/api/v1/orders', { items: [item], addressId }, { token }), 400, 'VALIDATION_FAILED'],
      ['short key', placeOrder(t, token, { items: [item], addressId }, 'short'), 400, 'VALIDATION_FAILED'],
      ['no items', placeOrder(t, token, { addressId }), 400, 'VALIDATION_FAILED'],
      ['empty items', placeOrder(t, token, { items: [], addressId }), 400, 'VALIDATION_FAILED'],
      ['empty cart', placeOrder(t, token, { fromCart: true, addressId }), 400, 'VALIDATION_FAILED'],
      ['both', placeOrder(t, token, { items: [item], fromCart: true, addressId }), 400, 'VALIDATION_FAILED'],
      ['duplicate sku', placeOrder(t, token, { items: [item, item], addressId }), 400, 'VALIDATION_FAILED'],
      ['zero quantity', placeOrder(t, token, { items: [{ ...item, quantity: 0 }], addressId }), 400, 'VALIDATION_FAILED'],
      [
        'too many lines',
        placeOrder(t, token, { items: Array.from({ length: 51 }, (_, i) => ({ skuId: i + 1, quantity: 1 })), addressId }),
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown sku', placeOrder(t, token, { items: [{ skuId: 2147483000, quantity: 1 }], addressId }), 404, 'NOT_FOUND'],
      ['off sale', placeOrder(t, token, { items: [{ skuId: off.skuIds[0]!, quantity: 1 }], addressId }), 409, 'SKU_UNAVAILABLE'],
      ['over stock', placeOrder(t, token, { items: [{ ...item, quantity: 4 }], addressId }), 409, 'OUT_OF_STOCK'],
      ["another user's address", placeOrder(t, token, { items: [item], addressId: strangersAddress }), 404, 'NOT_FOUND'],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status, res.body.code]).toEqual([what, status, code]);
    }
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [userId])).toEqual([{ n: 0 }]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]!])).toEqual([{ stock: 3 }]);
  });

  it('answers the creation with exactly the order it stored (the response is built without a read-back)', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [
      { price: 1200, stock: 10 },
      { price: 800, stock: 10 },
      { price: 4500, stock: 10 },
    ]);
    const items = [
      { skuId: p.skuIds[2]!, quantity: 1 },
      { skuId: p.skuIds[0]!, quantity: 3 },
      { skuId: p.skuIds[1]!, quantity: 2 },
    ];
    const created = await placeOrder(t, token, { items, addressId, remark: '周末送' });
    expect(created.status).toBe(201);
    const stored = await t.http.get(`/api/v1/orders/${created.body.id}`, { token });
    expect(created.body).toEqual(stored.body);
    const rows = await t.sql<{ id: number; sku_id: number }>('SELECT id, sku_id FROM order_item WHERE order_id = ? ORDER BY id', [
      created.body.id,
    ]);
    expect(created.body.items.map((i: { id: number; skuId: number }) => ({ id: i.id, sku_id: i.skuId }))).toEqual(rows);
  });

  it('uses a number of SQL round trips that grows only with the number of lines', async () => {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(
      t,
      owner,
      Array.from({ length: 8 }, () => ({ price: 100, stock: 100 })),
    );
    const countFor = async (lines: number): Promise<number> => {
      const items = p.skuIds.slice(0, lines).map((skuId) => ({ skuId, quantity: 1 }));
      const { queries, result } = await countQueries(t, () => placeOrder(t, token, { items, addressId }));
      expect(result.status).toBe(201);
      return queries.length;
    };
    const one = await countFor(1);
    const two = await countFor(2);
    const four = await countFor(4);
    const eight = await countFor(8);
    const perLine = two - one; // the conditional stock UPDATE of each extra line
    expect([four - two, eight - four]).toEqual([2 * perLine, 4 * perLine]);
    expect(perLine).toBeLessThanOrEqual(2);
    // 18: the shopper's status, read fresh before an order (a disabled shopper cannot order), and the read that
    // tells whether a SKU sold out (the catalog cache's version moves then) are two of them.
    expect(one).toBeLessThanOrEqual(18);
  });
});
