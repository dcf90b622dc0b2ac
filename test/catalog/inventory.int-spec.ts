import { CatalogService, InventoryService } from '@app/catalog';
import { AppException } from '@app/common';
import { TransactionRunner } from '@app/database';
import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, fieldsOf, ledgerMismatches, productDoc } from './catalog-fixtures';

describe('catalog: inventory', () => {
  let t: TestApp;
  let op: string;
  let viewer: string;
  let leaf: any;
  let inventory: InventoryService;
  let catalog: CatalogService;
  let tx: TransactionRunner;

  /** A product with one SKU per entry of `stocks` (no specs when one). */
  const product = async (stocks: number[], over: Record<string, unknown> = {}): Promise<any> => {
    const values = stocks.map((_, i) => `V${i}`);
    return createProduct(
      t,
      op,
      productDoc(leaf.id, {
        specs: [{ name: '规格', values }],
        skus: stocks.map((stock, i) => ({ specValues: [values[i]], price: 1000 + i, stock })),
        ...over,
      }),
    );
  };
  const stockOf = async (skuId: number): Promise<number> => (await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock;
  const reserve = (lines: { skuId: number; quantity: number }[], orderId: number): Promise<void> =>
    tx.run((m) => inventory.reserveStock(m, lines, { type: 'order', id: orderId }));
  const countOf = async (query: string, params?: unknown[]): Promise<number> => Number((await t.sql(query, params))[0].n);
  const outcome = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'ok';
    } catch (err) {
      return err instanceof AppException ? err.code : `unexpected: ${(err as Error).message}`;
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createAdmin('operator');
    viewer = await t.createAdmin('viewer');
    leaf = await createCategory(t, op, { name: '库存' });
    inventory = t.app.get(InventoryService);
    catalog = t.app.get(CatalogService);
    tx = t.app.get(TransactionRunner);
  });
  afterAll(() => t?.close());

  describe('stock adjustments', () => {
    it('adds and removes stock through the ledger, never below zero', async () => {
      const p = await product([10]);
      const skuId = p.skus[0].id;
      const add = await t.http.post(`/api/v1/admin/skus/${skuId}/stock-adjustments`, { delta: 5, reason: '到货' }, { token: op });
      expect(add.status).toBe(201);
      expect(add.body).toMatchObject({ skuId, stock: 15, movement: { skuId, delta: 5, reason: 'adjust', stockAfter: 15, note: '到货' } });
      expect(add.body.movement.adminId).toEqual(expect.any(Number));

      const remove = await t.http.post(`/api/v1/admin/skus/${skuId}/stock-adjustments`, { delta: -15, reason: '报损' }, { token: op });
      expect(remove.body.stock).toBe(0);
      const below = await t.http.post(`/api/v1/admin/skus/${skuId}/stock-adjustments`, { delta: -1, reason: '报损' }, { token: op });
      expect(below.status).toBe(409);
      expect(below.body).toMatchObject({ code: 'STOCK_BELOW_ZERO', details: { skuId, stock: 0, delta: -1 } });
      expect(await stockOf(skuId)).toBe(0);
    });

    it('bounds stock: an adjustment beyond the ceiling is 400 STOCK_ABOVE_MAX and writes nothing', async () => {
      const p = await product([10_000_000]);
      const skuId = p.skus[0].id;
      const url = `/api/v1/admin/skus/${skuId}/stock-adjustments`;
      let res = await t.http.post(url, { delta: 10_000_000, reason: '到货' }, { token: op });
      // Before the ceiling, the INT column overflowed after ~214 of these (500).
      for (let i = 0; i < 300 && res.status === 201; i++)
        res = await t.http.post(url, { delta: 10_000_000, reason: '到货' }, { token: op });
      expect([res.status, res.body.code]).toEqual([400, 'STOCK_ABOVE_MAX']);
      expect(res.body.details).toEqual({ skuId, stock: 1_000_000_000, delta: 10_000_000, max: 1_000_000_000 });
      expect(await stockOf(skuId)).toBe(1_000_000_000);
      const movements = await countOf('SELECT COUNT(*) AS n FROM stock_movement WHERE sku_id = ?', [skuId]);
      expect((await t.http.post(url, { delta: 1, reason: '到货' }, { token: op })).status).toBe(400);
      expect(await countOf('SELECT COUNT(*) AS n FROM stock_movement WHERE sku_id = ?', [skuId])).toBe(movements);
      expect((await t.http.post(url, { delta: -10_000_000, reason: '报损' }, { token: op })).body.stock).toBe(990_000_000);
      expect(await ledgerMismatches(t)).toEqual([]);
    });

    it('refuses bad adjustments with 400 naming the field, unknown SKUs with 404', async () => {
      const p = await product([1]);
      const url = `/api/v1/admin/skus/${p.skus[0].id}/stock-adjustments`;
      for (const [body, field] of [
        [{ delta: 0, reason: 'x' }, 'delta'],
        [{ delta: 1.5, reason: 'x' }, 'delta'],
        [{ delta: '3', reason: 'x' }, 'delta'],
        [{ delta: 1 }, 'reason'],
        [{ delta: 1, reason: '   ' }, 'reason'],
        [{ delta: 1, reason: 'x'.repeat(201) }, 'reason'],
        [{ delta: 1, reason: 'x', stock: 5 }, 'stock'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.post(url, body, { token: op });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      expect((await t.http.post('/api/v1/admin/skus/999999/stock-adjustments', { delta: 1, reason: 'x' }, { token: op })).status).toBe(404);
      expect((await t.http.post('/api/v1/admin/skus/abc/stock-adjustments', { delta: 1, reason: 'x' }, { token: op })).status).toBe(400);
      await t.http.delete(`/api/v1/admin/products/${p.id}`, { token: op });
      expect((await t.http.post(url, { delta: 1, reason: 'x' }, { token: op })).status).toBe(404);
    });

    it('lists movements newest first, filtered by SKU', async () => {
      const p = await product([3]);
      const skuId = p.skus[0].id;
      await inventory.adjustStock(undefined, skuId, 2, '到货', null);
      await inventory.adjustStock(undefined, skuId, -1, '报损', null);
      const res = await t.http.get(`/api/v1/admin/stock-movements?skuId=${skuId}`, { token: viewer });
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(3);
      expect(res.body.items.map((m: any) => [m.reason, m.delta, m.stockAfter])).toEqual([
        ['adjust', -1, 4],
        ['adjust', 2, 5],
        ['initial', 3, 3],
      ]);
      const all = await t.http.get('/api/v1/admin/stock-movements?pageSize=2', { token: viewer });
      expect(all.body.items).toHaveLength(2);
      expect(all.body.items[0].id).toBeGreaterThan(all.body.items[1].id);
    });

    it('lists low-stock SKUs of live products, lowest first, default threshold from config', async () => {
      await t.sql("UPDATE sku SET status = 'disabled' WHERE stock <= 100"); // only this test's SKUs count
      const p = await product([0, 10, 11, 4]);
      const gone = await product([1]);
      await t.http.delete(`/api/v1/admin/products/${gone.id}`, { token: op });
      const res = await t.http.get('/api/v1/admin/skus/low-stock', { token: viewer });
      expect(res.status).toBe(200);
      expect(t.config.business.lowStockThreshold).toBe(10);
      expect(res.body.items.map((s: any) => [s.skuId, s.stock])).toEqual([
        [p.skus[0].id, 0],
        [p.skus[3].id, 4],
        [p.skus[1].id, 10],
      ]);
      expect(res.body.items[0]).toEqual({ skuId: p.skus[0].id, productId: p.id, title: '纯棉T恤', specText: 'V0', code: '', stock: 0 });
      const strict = await t.http.get('/api/v1/admin/skus/low-stock?threshold=4', { token: viewer });
      expect(strict.body.total).toBe(2);
      expect((await t.http.get('/api/v1/admin/skus/low-stock?threshold=-1', { token: viewer })).status).toBe(400);
    });
  });

  describe('reserve and release', () => {
    it('reserves all lines or none, naming every short SKU', async () => {
      const p = await product([5, 1, 0]);
      const [a, b, c] = p.skus.map((s: any) => s.id);
      const err = await reserve(
        [
          { skuId: a, quantity: 2 },
          { skuId: b, quantity: 2 },
          { skuId: c, quantity: 1 },
        ],
        1001,
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppException);
      expect(err).toMatchObject({
        status: 409,
        code: 'OUT_OF_STOCK',
        details: {
          skus: [
            { skuId: b, requested: 2, available: 1 },
            { skuId: c, requested: 1, available: 0 },
          ],
        },
      });
      expect([await stockOf(a), await stockOf(b), await stockOf(c)]).toEqual([5, 1, 0]);
      expect(await countOf("SELECT COUNT(*) AS n FROM stock_movement WHERE reason = 'order' AND ref_id = 1001")).toBe(0);
    });

    it('counts disabled SKUs as unavailable', async () => {
      const p = await product([5]);
      await t.http.patch(`/api/v1/admin/products/${p.id}`, { specs: [], skus: [{ specValues: [], price: 100, stock: 1 }] }, { token: op });
      await expect(reserve([{ skuId: p.skus[0].id, quantity: 1 }], 1002)).rejects.toMatchObject({
        code: 'OUT_OF_STOCK',
        details: { skus: [{ skuId: p.skus[0].id, requested: 1, available: 0 }] },
      });
    });

    it('moves stock and sales counts, writes ledger rows with ref, and releases once per event', async () => {
      const p = await product([10, 10]);
      const [a, b] = p.skus.map((s: any) => s.id);
      await reserve(
        [
          { skuId: b, quantity: 2 },
          { skuId: a, quantity: 3 },
          { skuId: b, quantity: 1 },
        ],
        2001,
      );
      expect([await stockOf(a), await stockOf(b)]).toEqual([7, 7]);
      expect(
        await t.sql(
          "SELECT sku_id, delta, stock_after, ref_type, ref_id FROM stock_movement WHERE reason = 'order' AND ref_id = 2001 ORDER BY sku_id",
        ),
      ).toEqual([
        { sku_id: a, delta: -3, stock_after: 7, ref_type: 'order', ref_id: 2001 },
        { sku_id: b, delta: -3, stock_after: 7, ref_type: 'order', ref_id: 2001 },
      ]);
      expect(await t.sql('SELECT sales_count FROM product WHERE id = ?', [p.id])).toEqual([{ sales_count: 6 }]);

      const release = (): Promise<void> =>
        tx.run((m) =>
          inventory.releaseStock(
            m,
            [
              { skuId: a, quantity: 3 },
              { skuId: b, quantity: 3 },
            ],
            'order_cancel',
            { type: 'order', id: 2001 },
          ),
        );
      await release();
      await release(); // a repeated event changes nothing
      expect([await stockOf(a), await stockOf(b)]).toEqual([10, 10]);
      expect(await t.sql('SELECT sales_count FROM product WHERE id = ?', [p.id])).toEqual([{ sales_count: 0 }]);
      expect(await countOf("SELECT COUNT(*) AS n FROM stock_movement WHERE reason = 'order_cancel' AND ref_id = 2001")).toBe(2);

      await reserve([{ skuId: a, quantity: 4 }], 2002);
      await tx.run((m) => inventory.releaseStock(m, [{ skuId: a, quantity: 1 }], 'return_restock', { type: 'after_sale', id: 7 }));
      expect(await stockOf(a)).toBe(7);
      expect(await t.sql('SELECT sales_count FROM sku WHERE id = ?', [a])).toEqual([{ sales_count: 3 }]);
    });

    it('rolls back with the caller: reserve in a failed transaction leaves nothing behind', async () => {
      const p = await product([3]);
      const skuId = p.skus[0].id;
      await expect(
        tx.run(async (m) => {
          await inventory.reserveStock(m, [{ skuId, quantity: 2 }], { type: 'order', id: 3001 });
          throw new Error('order insert failed');
        }),
      ).rejects.toThrow('order insert failed');
      expect(await stockOf(skuId)).toBe(3);
      expect(await ledgerMismatches(t)).toEqual([]);
    });
  });

  describe('checkout snapshots', () => {
    it('reads every SKU in one query, with the reason it cannot be bought', async () => {
      const live = await product([4, 2], { title: '快照' });
      const off = await product([1], { status: 'off_sale' });
      const gone = await product([1]);
      await t.http.delete(`/api/v1/admin/products/${gone.id}`, { token: op });
      const disabled = await product([1, 1]);
      await t.http.patch(
        `/api/v1/admin/products/${disabled.id}`,
        { specs: [{ name: '规格', values: ['V0'] }], skus: [{ id: disabled.skus[0].id, specValues: ['V0'], price: 1000 }] },
        { token: op },
      );
      await t.sql("UPDATE sku SET image = 'https://img.example.com/sku.png' WHERE id = ?", [live.skus[1].id]);

      const ids = [live.skus[0].id, live.skus[1].id, off.skus[0].id, gone.skus[0].id, disabled.skus[1].id, 987654];
      const spy = jest.spyOn(t.ds.logger, 'logQuery');
      const snapshots = await catalog.findSkusForCheckout(undefined, ids);
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();

      expect(snapshots.get(live.skus[0].id)).toEqual({
        skuId: live.skus[0].id,
        productId: live.id,
        title: '快照',
        specText: 'V0',
        image: live.mainImage,
        price: 1000,
        linePrice: null,
        stock: 4,
        limitPerOrder: null,
        limitPerUser: null,
        available: true,
        unavailableReason: null,
        // The product's category and its ancestors (coupon scopes).
        categoryIds: [live.categoryId],
      });
      expect(snapshots.get(live.skus[1].id)).toMatchObject({ image: 'https://img.example.com/sku.png', price: 1001, stock: 2 });
      expect(ids.map((id) => snapshots.get(id)?.unavailableReason ?? null)).toEqual([
        null,
        null,
        'off_sale',
        'deleted',
        'sku_disabled',
        'not_found',
      ]);
      expect(snapshots.get(987654)).toMatchObject({ available: false, productId: 0 });
      expect((await catalog.findSkusForCheckout(undefined, [])).size).toBe(0);
    });
  });

  describe('concurrency', () => {
    it('50 parallel reservations of 1 on a stock of 20 succeed exactly 20 times', async () => {
      const p = await product([20]);
      const skuId = p.skus[0].id;
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => outcome(reserve([{ skuId, quantity: 1 }], 10_000 + i))));
      expect(results.filter((r) => r === 'ok')).toHaveLength(20);
      expect(results.filter((r) => r !== 'ok')).toEqual(Array(30).fill('OUT_OF_STOCK'));
      expect(await stockOf(skuId)).toBe(0);
      expect(await countOf("SELECT COUNT(*) AS n FROM stock_movement WHERE sku_id = ? AND reason = 'order' AND delta = -1", [skuId])).toBe(
        20,
      );
      expect(await t.sql('SELECT sales_count FROM product WHERE id = ?', [p.id])).toEqual([{ sales_count: 20 }]);
    });

    it('multi-line reservations in opposite orders neither deadlock-fail nor oversell', async () => {
      const p1 = await product([15]);
      const p2 = await product([15]);
      const a = p1.skus[0].id;
      const b = p2.skus[0].id;
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          outcome(
            reserve(
              i % 2 === 0
                ? [
                    { skuId: a, quantity: 1 },
                    { skuId: b, quantity: 1 },
                  ]
                : [
                    { skuId: b, quantity: 1 },
                    { skuId: a, quantity: 1 },
                  ],
              20_000 + i,
            ),
          ),
        ),
      );
      expect(results.filter((r) => r !== 'ok' && r !== 'OUT_OF_STOCK')).toEqual([]);
      const ok = results.filter((r) => r === 'ok').length;
      expect(ok).toBe(15);
      expect([await stockOf(a), await stockOf(b)]).toEqual([0, 0]);
    });
  });

  it('keeps sku.stock == SUM(ledger) for every SKU after a mixed sequence', async () => {
    const p = await product([8, 3]);
    const [a, b] = p.skus.map((s: any) => s.id);
    await inventory.adjustStock(undefined, a, 5, '到货', null);
    await inventory.adjustStock(undefined, b, -2, '报损', null);
    await reserve(
      [
        { skuId: a, quantity: 4 },
        { skuId: b, quantity: 1 },
      ],
      30_001,
    );
    await tx.run((m) => inventory.releaseStock(m, [{ skuId: a, quantity: 4 }], 'order_cancel', { type: 'order', id: 30_001 }));
    await t.http.patch(
      `/api/v1/admin/products/${p.id}`,
      {
        specs: [{ name: '规格', values: ['V0', 'V9'] }],
        skus: [
          { id: a, specValues: ['V0'], price: 900, stock: 1 },
          { specValues: ['V9'], price: 800, stock: 6 },
        ],
      },
      { token: op },
    );
    await reserve([{ skuId: a, quantity: 13 }], 30_002);
    await expect(reserve([{ skuId: a, quantity: 1 }], 30_003)).rejects.toMatchObject({ code: 'OUT_OF_STOCK' });
    expect(await stockOf(a)).toBe(0);
    expect(await stockOf(b)).toBe(0);
    expect(await ledgerMismatches(t)).toEqual([]);
    expect(await countOf('SELECT COUNT(*) AS n FROM sku')).toBeGreaterThan(20);
  });
});
