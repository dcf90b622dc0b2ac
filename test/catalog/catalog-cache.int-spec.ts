import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, productDoc } from './catalog-fixtures';

/**
 * The in-process read cache on two instances of the service sharing one database and one clock: a change made
 * through one is seen by the other once its version check is due (CATALOG_CACHE_CHECK_MS), never later; the clock
 * is moved instead of waiting.
 */
describe('catalog: read cache across instances', () => {
  const env = { CATALOG_CACHE_MB: '8', CATALOG_CACHE_CHECK_MS: '500', CATALOG_CACHE_MAX_AGE_MS: '10000' };
  let a: TestApp;
  let b: TestApp;
  let op: string;
  let leaf: any;
  let product: any;
  let other: any;

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env, database: a.db, clock: a.clock });
    op = await a.createAdmin('operator');
    leaf = await createCategory(a, op, { name: '缓存' });
    product = await createProduct(a, op, productDoc(leaf.id, { title: '缓存测试衬衫' }));
    other = await createProduct(a, op, productDoc(leaf.id, { title: '缓存测试长裤' }));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const get = async (t: TestApp, path: string): Promise<any> => {
    const res = await t.http.get(`/api/v1${path}`);
    return res.status === 200 ? res.body : res.status;
  };
  const ids = (page: any): number[] => page.items.map((p: any) => p.id);
  const cached = {
    detail: () => get(b, `/products/${product.id}`),
    list: () => get(b, `/products?categoryId=${leaf.id}`),
    search: () => get(b, `/products?keyword=${encodeURIComponent('衬衫')}`),
    sales: () => get(b, `/products?sort=sales`),
  };

  it('shows a price change made on another instance within the check interval', async () => {
    a.clock.advance(1000);
    expect((await cached.detail()).minPrice).toBe(9900);
    expect((await cached.list()).items.find((p: any) => p.id === product.id).minPrice).toBe(9900);

    const skus = product.skus.map((s: any) => ({ id: s.id, specValues: s.specValues, price: s.price - 1000, stock: 0 }));
    const res = await a.http.patch(`/api/v1/admin/products/${product.id}`, { specs: product.specs, skus }, { token: op });
    expect(res.status).toBe(200);
    // Within the interval instance b may answer from its cache (the clock has not moved: it does)...
    expect((await cached.detail()).minPrice).toBe(9900);
    // ...and once the interval has passed it no longer does.
    a.clock.advance(500);
    expect((await cached.detail()).minPrice).toBe(8900);
    expect((await cached.list()).items.find((p: any) => p.id === product.id).minPrice).toBe(8900);
    // Instance a's own cache follows the same rule.
    expect((await get(a, `/products/${product.id}`)).minPrice).toBe(8900);
  });

  it('drops an off-sale product from every cached list, search and page within the interval', async () => {
    a.clock.advance(1000);
    expect(ids(await cached.list())).toContain(product.id);
    expect(ids(await cached.search())).toEqual([product.id]);
    expect(ids(await cached.sales())).toContain(product.id);
    expect(typeof (await cached.detail())).toBe('object');

    expect((await a.http.patch(`/api/v1/admin/products/${product.id}`, { status: 'off_sale' }, { token: op })).status).toBe(200);
    a.clock.advance(500);
    expect(ids(await cached.list())).toEqual([other.id]);
    expect(ids(await cached.search())).toEqual([]);
    expect(ids(await cached.sales())).not.toContain(product.id);
    expect(await cached.detail()).toBe(404);
  });

  it('shows a stock change and a sold-out SKU made on another instance within the interval', async () => {
    a.clock.advance(1000);
    const view = await get(b, `/products/${other.id}`);
    const sku = view.skus.find((s: any) => s.stock > 0);
    const adjust = (delta: number) =>
      a.http.post(`/api/v1/admin/skus/${sku.id}/stock-adjustments`, { delta, reason: 'count' }, { token: op });
    expect((await adjust(-1)).status).toBe(201);
    a.clock.advance(500);
    // One unit less is no status change: the page's numbers follow the stock movements (live-stock.ts).
    const after = await get(b, `/products/${other.id}`);
    expect(after.skus.find((s: any) => s.id === sku.id).stock).toBe(sku.stock - 1);
    expect(after.stock).toBe(view.stock - 1);
    expect((await adjust(-(sku.stock - 1))).status).toBe(201);
    a.clock.advance(500);
    expect((await get(b, `/products/${other.id}`)).skus.find((s: any) => s.id === sku.id)).toMatchObject({ stock: 0, available: false });
  });

  it('keeps a product page past the entry life once its numbers are live, and they stay within the interval', async () => {
    // Past the window after instance b's first stock poll: a movement written before it has committed by now.
    a.clock.advance(10_000);
    const view = await get(b, `/products/${other.id}`);
    const sku = view.skus.find((s: any) => s.stock > 0);
    // Behind the service's back (no catalog version bump): the kept page does not show it, however old it gets.
    await a.sql('UPDATE product SET subtitle = ? WHERE id = ?', ['不经服务的修改', other.id]);
    a.clock.advance(60_000);
    expect((await get(b, `/products/${other.id}`)).subtitle).toBe(view.subtitle);
    const adjust = (delta: number) =>
      a.http.post(`/api/v1/admin/skus/${sku.id}/stock-adjustments`, { delta, reason: 'count' }, { token: op });
    expect((await adjust(+5)).status).toBe(201);
    // The poll is not due yet: the number may lag by up to the interval...
    expect((await get(b, `/products/${other.id}`)).skus.find((s: any) => s.id === sku.id).stock).toBe(sku.stock);
    a.clock.advance(500);
    // ...and not longer, on the kept page (the subtitle shows it was not read again).
    const after = await get(b, `/products/${other.id}`);
    expect(after).toMatchObject({ subtitle: view.subtitle, stock: view.stock + 5 });
    expect(after.skus.find((s: any) => s.id === sku.id).stock).toBe(sku.stock + 5);
    await a.sql('UPDATE product SET subtitle = ? WHERE id = ?', [view.subtitle, other.id]);
  });

  it('counts a listing once per catalog version and pages deep by seeking', async () => {
    for (let i = 0; i < 7; i++) await createProduct(a, op, productDoc(leaf.id, { title: `缓存分页${i}` }));
    a.clock.advance(1000);
    const first = await get(b, `/products?categoryId=${leaf.id}&pageSize=3`);
    expect(first).toMatchObject({ total: 8, totalSource: 'counted', page: 1 });
    const byPage = [...ids(first)];
    for (let page = 2; page <= 3; page++) {
      const next = await get(b, `/products?categoryId=${leaf.id}&pageSize=3&page=${page}`);
      expect(next).toMatchObject({ total: 8, totalSource: 'cached', page });
      byPage.push(...ids(next));
    }
    // The same listing by cursor, on the other instance.
    const byCursor: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await get(a, `/products?categoryId=${leaf.id}&pageSize=3${cursor ? `&cursor=${cursor}` : ''}`);
      byCursor.push(...ids(res));
      cursor = res.nextCursor;
    } while (cursor);
    expect(byCursor).toEqual(byPage);
    expect(new Set(byPage).size).toBe(8);

    const bad = await a.http.get(`/api/v1/products?categoryId=${leaf.id}&sort=sales&cursor=${first.nextCursor}`);
    expect(bad.status).toBe(400);
    expect((await a.http.get('/api/v1/products?cursor=bm9wZQ')).status).toBe(400);
  });
});
