import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp } from '@app/api';
import { CatalogService, InventoryService } from '@app/catalog';
import { ManualClock } from '@app/common/testing';
import { loadConfig } from '@app/config';
import { TransactionRunner } from '@app/database';
import { forgetContract, HttpClient, sharedOpenApiDocument } from '@app/testing';
import { IMG } from './catalog-fixtures';

/**
 * The zero-config demo: embedded SQLite (sql.js), schema from the entities, demo catalog seeded on first start.
 * Runs the catalog's SQL (raw ledger INSERT ... SELECT, CASE updates, LIKE ... ESCAPE) on the second dialect.
 */
describe('catalog: embedded demo mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-demo-'));
  let app: NestFastifyApplication;
  let http: HttpClient;
  let ds: DataSource;

  const boot = async (): Promise<void> => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir, JOBS_IN_PROCESS: 'false' });
    expect(config.database.kind).toBe('embedded');
    expect(config.demoSeed).toBe(true);
    app = await createApp(config, { clock: new ManualClock(), openApiDocument: sharedOpenApiDocument });
    await app.listen(0, '127.0.0.1');
    http = new HttpClient(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
    ds = app.get(DataSource);
  };

  beforeAll(boot, 60_000);
  afterAll(async () => {
    await app?.close();
    if (http) forgetContract(http.baseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('seeds a browsable demo catalog on first start', async () => {
    const tree = (await http.get('/api/v1/categories')).body;
    expect(tree.map((c: any) => c.name)).toEqual(['服饰', '咖啡茶饮', '家居日用', '数码配件']);
    expect(tree[0].children.map((c: any) => c.name)).toEqual(['T恤', '防晒衣', '裤装']);

    const home = (await http.get('/api/v1/home')).body;
    expect(home.banners).toHaveLength(3);
    expect(home.sections[0].products.length).toBeGreaterThan(0);

    const coffee = tree[1].id;
    const list = await http.get(`/api/v1/products?categoryId=${coffee}&sort=price_asc&keyword=${encodeURIComponent('咖啡')}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBeGreaterThan(0);
    const prices = list.body.items.map((p: any) => p.minPrice);
    expect(prices).toEqual([...prices].sort((a: number, b: number) => a - b));
    expect((await http.get(`/api/v1/products?keyword=${encodeURIComponent('100%')}`)).body.total).toBe(0);

    const detail = await http.get(`/api/v1/products/${list.body.items[0].id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.skus.length).toBeGreaterThan(0);

    const stores = (await http.get('/api/v1/stores?lat=22.54&lng=114.06')).body;
    expect(stores.items.map((s: any) => s.city)).toEqual(['深圳市', '广州市']);
  });

  it('runs the admin and inventory flows on the embedded database', async () => {
    const login = await http.post('/api/v1/admin/auth/login', { username: 'admin', password: 'wxmall-demo' });
    const token = login.body.token as string;
    const leaf = (await http.get('/api/v1/categories')).body[0].children[0].id;
    const created = await http.post(
      '/api/v1/admin/products',
      {
        categoryId: leaf,
        title: '嵌入式测试T恤',
        mainImage: IMG,
        status: 'on_sale',
        specs: [{ name: '尺码', values: ['M', 'L'] }],
        skus: [
          { specValues: ['M'], price: 5900, stock: 3 },
          { specValues: ['L'], price: 6900, linePrice: 7900, stock: 1 },
        ],
      },
      { token },
    );
    expect(created.status).toBe(201);
    const [m, l] = created.body.skus.map((s: any) => s.id);
    const edited = await http.patch(
      `/api/v1/admin/products/${created.body.id}`,
      {
        specs: [{ name: '尺码', values: ['M', 'XL'] }],
        skus: [
          { id: m, specValues: ['M'], price: 5500 },
          { specValues: ['XL'], price: 6500, stock: 2 },
        ],
      },
      { token },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.disabledSkus.map((s: any) => s.id)).toEqual([l]);
    expect(edited.body.minPrice).toBe(5500);

    const adjust = await http.post(`/api/v1/admin/skus/${m}/stock-adjustments`, { delta: -3, reason: '盘点' }, { token });
    expect(adjust.body.stock).toBe(0);
    expect((await http.post(`/api/v1/admin/skus/${m}/stock-adjustments`, { delta: -1, reason: '盘点' }, { token })).status).toBe(409);
    expect((await http.get(`/api/v1/admin/stock-movements?skuId=${m}`, { token })).body.total).toBe(2);
    expect((await http.get('/api/v1/admin/skus/low-stock?threshold=0', { token })).body.items.map((s: any) => s.skuId)).toContain(m);

    const inventory = app.get(InventoryService);
    const tx = app.get(TransactionRunner);
    const xl = edited.body.skus[1].id;
    await tx.run((em) => inventory.reserveStock(em, [{ skuId: xl, quantity: 2 }], { type: 'order', id: 1 }));
    await expect(tx.run((em) => inventory.reserveStock(em, [{ skuId: xl, quantity: 1 }], { type: 'order', id: 2 }))).rejects.toMatchObject({
      code: 'OUT_OF_STOCK',
    });
    await tx.run((em) => inventory.releaseStock(em, [{ skuId: xl, quantity: 2 }], 'order_cancel', { type: 'order', id: 1 }));
    const snapshot = (await app.get(CatalogService).findSkusForCheckout(undefined, [xl, l])).get(xl);
    expect(snapshot).toMatchObject({ stock: 2, available: true, title: '嵌入式测试T恤', specText: 'XL' });

    const drift = await ds.query(
      `SELECT s.id FROM sku s LEFT JOIN stock_movement m ON m.sku_id = s.id
        GROUP BY s.id, s.stock HAVING s.stock <> COALESCE(SUM(m.delta), 0)`,
    );
    expect(drift).toEqual([]);
    expect((await http.delete(`/api/v1/admin/products/${created.body.id}`, { token })).status).toBe(204);
  });

  it('does not seed again on the next start', async () => {
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM product');
    await app.close();
    await boot();
    expect((await ds.query('SELECT COUNT(*) AS n FROM product'))[0].n).toBe(n);
  });
});
