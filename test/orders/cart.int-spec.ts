import { createShopProduct, startTestApp, type TestApp } from '@app/testing';

describe('cart', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  it('adds, merges lines and totals the selected valid lines at live prices', async () => {
    const { token } = await t.loginUser();
    const p = await createShopProduct(t, owner, [
      { price: 1000, stock: 10 },
      { price: 2500, stock: 10 },
    ]);
    const first = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 2 }, { token });
    expect(first.status).toBe(201);
    await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 3 }, { token });
    const cart = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[1]!, quantity: 1 }, { token });
    expect(cart.body.items).toHaveLength(2);
    expect(cart.body.items.find((i: { skuId: number }) => i.skuId === p.skuIds[0]!).quantity).toBe(5);
    expect(cart.body.totals).toEqual({ selectedCount: 2, selectedQuantity: 6, itemsTotal: 7500 });

    const line = cart.body.items.find((i: { skuId: number }) => i.skuId === p.skuIds[1]!);
    const unselected = await t.http.patch(`/api/v1/cart/items/${line.id}`, { selected: false }, { token });
    expect(unselected.body.totals).toEqual({ selectedCount: 1, selectedQuantity: 5, itemsTotal: 5000 });
    const all = await t.http.post('/api/v1/cart/select', { selected: true }, { token });
    expect(all.body.totals.selectedCount).toBe(2);

    // The cart stores no price: a price change shows at once.
    await t.sql('UPDATE sku SET price = 1200 WHERE id = ?', [p.skuIds[0]!]);
    expect((await t.http.get('/api/v1/cart', { token })).body.totals.itemsTotal).toBe(8500);
  });

  it('never lets a line exceed the stock at the time or 999', async () => {
    const { token } = await t.loginUser();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 5 }]);
    const over = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 6 }, { token });
    expect([over.status, over.body.code, over.body.details.available]).toEqual([409, 'QUANTITY_EXCEEDS_STOCK', 5]);
    await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 4 }, { token });
    const merged = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 2 }, { token });
    expect(merged.body.code).toBe('QUANTITY_EXCEEDS_STOCK');
    const big = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 1000 }, { token });
    expect(big.status).toBe(400);
    const zero = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 0 }, { token });
    expect(zero.status).toBe(400);
  });

  it('lists invalid lines separately with a reason', async () => {
    const { token } = await t.loginUser();
    const p = await createShopProduct(t, owner, [
      { price: 1000, stock: 10 },
      { price: 1000, stock: 10 },
      { price: 1000, stock: 10 },
    ]);
    const off = await createShopProduct(t, owner, [{ price: 500, stock: 10 }]);
    for (const skuId of [...p.skuIds, off.skuIds[0]!]) await t.http.post('/api/v1/cart/items', { skuId, quantity: 3 }, { token });
    await t.sql("UPDATE sku SET status = 'disabled' WHERE id = ?", [p.skuIds[0]!]);
    await t.sql('UPDATE sku SET stock = 0 WHERE id = ?', [p.skuIds[1]!]);
    await t.sql('UPDATE sku SET stock = 2 WHERE id = ?', [p.skuIds[2]!]);
    await t.http.patch(`/api/v1/admin/products/${off.productId}`, { status: 'off_sale' }, { token: owner });
    const cart = await t.http.get('/api/v1/cart', { token });
    expect(cart.body.items).toEqual([]);
    const reasons = Object.fromEntries(cart.body.invalidItems.map((i: { skuId: number; reason: string }) => [i.skuId, i.reason]));
    expect(reasons).toEqual({
      [p.skuIds[0]!]: 'sku_disabled',
      [p.skuIds[1]!]: 'out_of_stock',
      [p.skuIds[2]!]: 'stock_short',
      [off.skuIds[0]!]: 'off_sale',
    });
    expect(cart.body.totals).toEqual({ selectedCount: 0, selectedQuantity: 0, itemsTotal: 0 });
  });

  it('refuses unknown and unavailable SKUs', async () => {
    const { token } = await t.loginUser();
    expect((await t.http.post('/api/v1/cart/items', { skuId: 2147483000, quantity: 1 }, { token })).status).toBe(404);
    const off = await createShopProduct(t, owner, [{ price: 500, stock: 10 }], { status: 'off_sale' });
    const res = await t.http.post('/api/v1/cart/items', { skuId: off.skuIds[0]!, quantity: 1 }, { token });
    expect([res.status, res.body.code]).toEqual([409, 'SKU_UNAVAILABLE']);
  });

  it('holds at most 100 lines, even when adds race', async () => {
    const { token, userId } = await t.loginUser();
    const skuIds: number[] = [];
    for (let i = 0; i < 6; i++)
      skuIds.push(
        ...(
          await createShopProduct(
            t,
            owner,
            Array.from({ length: 18 }, () => ({ price: 100, stock: 5 })),
          )
        ).skuIds,
      );
    const results = await Promise.all(
      skuIds.slice(0, 104).map((skuId) => t.http.post('/api/v1/cart/items', { skuId, quantity: 1 }, { token })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(100);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'CART_FULL')).toBe(true);
    expect(await t.sql('SELECT COUNT(*) AS n FROM cart_item WHERE user_id = ?', [userId])).toEqual([{ n: 100 }]);
  });

  it("treats another user's cart lines as not found", async () => {
    const alice = await t.loginUser();
    const bob = await t.loginUser();
    const p = await createShopProduct(t, owner);
    const cart = await t.http.post('/api/v1/cart/items', { skuId: p.skuIds[0]!, quantity: 1 }, { token: alice.token });
    const lineId = cart.body.items[0].id;
    expect((await t.http.patch(`/api/v1/cart/items/${lineId}`, { quantity: 2 }, { token: bob.token })).status).toBe(404);
    expect((await t.http.delete(`/api/v1/cart/items/${lineId}`, { token: bob.token })).status).toBe(404);
    await t.http.post('/api/v1/cart/select', { selected: false, itemIds: [lineId] }, { token: bob.token });
    expect((await t.http.get('/api/v1/cart', { token: alice.token })).body.items[0]).toMatchObject({ quantity: 1, selected: true });
    expect((await t.http.delete(`/api/v1/cart/items/${lineId}`, { token: alice.token })).status).toBe(204);
  });
});
