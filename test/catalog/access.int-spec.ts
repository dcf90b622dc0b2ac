import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, fieldsOf, productDoc } from './catalog-fixtures';

/** Every admin route of the catalog: who may call it, and what bad input gets. */
describe('catalog: admin access and input', () => {
  let t: TestApp;
  let owner: string;
  let op: string;
  let viewer: string;
  let shopper: string;
  let ids: { category: number; product: number; sku: number; store: number; banner: number; section: number };

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.loginAdmin();
    op = await t.createAdmin('operator');
    viewer = await t.createAdmin('viewer');
    shopper = (await t.loginUser()).token;
    const category = await createCategory(t, op, { name: '权限' });
    const product = await createProduct(t, op, productDoc(category.id));
    const store = await t.http.post(
      '/api/v1/admin/stores',
      { name: '店', province: '广东省', city: '深圳市', district: '南山区', address: '科技园', latitude: 22.54, longitude: 113.95 },
      { token: op },
    );
    const banner = await t.http.post('/api/v1/admin/banners', { image: 'https://img.example.com/b.png' }, { token: op });
    const section = await t.http.post('/api/v1/admin/home-sections', { title: '区块', productIds: [product.id] }, { token: op });
    ids = {
      category: category.id,
      product: product.id,
      sku: product.skus[0].id,
      store: store.body.id,
      banner: banner.body.id,
      section: section.body.id,
    };
  });
  afterAll(() => t?.close());

  const reads = (): string[] => [
    '/api/v1/admin/categories',
    `/api/v1/admin/categories/${ids.category}`,
    '/api/v1/admin/products',
    `/api/v1/admin/products/${ids.product}`,
    '/api/v1/admin/stock-movements',
    '/api/v1/admin/skus/low-stock',
    '/api/v1/admin/stores',
    `/api/v1/admin/stores/${ids.store}`,
    '/api/v1/admin/banners',
    `/api/v1/admin/banners/${ids.banner}`,
    '/api/v1/admin/home-sections',
    `/api/v1/admin/home-sections/${ids.section}`,
  ];
  /** [method, path]; bodies are irrelevant here: access is checked before input. */
  const writes = (): [string, string][] => [
    ['POST', '/api/v1/admin/categories'],
    ['PATCH', `/api/v1/admin/categories/${ids.category}`],
    ['DELETE', '/api/v1/admin/categories/999999'],
    ['POST', '/api/v1/admin/products'],
    ['PATCH', `/api/v1/admin/products/${ids.product}`],
    ['DELETE', '/api/v1/admin/products/999999'],
    ['POST', `/api/v1/admin/skus/${ids.sku}/stock-adjustments`],
    ['POST', '/api/v1/admin/stores'],
    ['PATCH', `/api/v1/admin/stores/${ids.store}`],
    ['DELETE', '/api/v1/admin/stores/999999'],
    ['POST', '/api/v1/admin/banners'],
    ['PATCH', `/api/v1/admin/banners/${ids.banner}`],
    ['DELETE', '/api/v1/admin/banners/999999'],
    ['POST', '/api/v1/admin/home-sections'],
    ['PATCH', `/api/v1/admin/home-sections/${ids.section}`],
    ['DELETE', '/api/v1/admin/home-sections/999999'],
  ];
  const call = (method: string, path: string, token?: string) =>
    t.http.request(method, path, { token, ...(method === 'POST' || method === 'PATCH' ? { body: {} } : {}) });

  it('lets viewers (and above) read, refuses anonymous (401) and shoppers (403)', async () => {
    for (const path of reads()) {
      expect([path, (await t.http.get(path)).status]).toEqual([path, 401]);
      expect([path, (await t.http.get(path, { token: shopper })).status]).toEqual([path, 403]);
      for (const token of [viewer, op, owner]) expect([path, (await t.http.get(path, { token })).status]).toEqual([path, 200]);
    }
  });

  it('lets operators (and owners) write, refuses viewers and shoppers (403) and anonymous (401)', async () => {
    for (const [method, path] of writes()) {
      const route = `${method} ${path}`;
      expect([route, (await call(method, path)).status]).toEqual([route, 401]);
      expect([route, (await call(method, path, shopper)).status]).toEqual([route, 403]);
      const refused = await call(method, path, viewer);
      expect([route, refused.status, refused.body.code]).toEqual([route, 403, 'FORBIDDEN']);
      for (const token of [op, owner]) {
        // Past the guard, input or existence decides (an empty PATCH is a valid no-op).
        const status = (await call(method, path, token)).status;
        expect([route, [400, 404].includes(status) || (method === 'PATCH' && status === 200)]).toEqual([route, true]);
      }
    }
  });

  it('answers malformed JSON, non-object bodies and unknown fields with 400 naming the field', async () => {
    for (const [method, path] of writes().filter(([m]) => m !== 'DELETE')) {
      const route = `${method} ${path}`;
      const malformed = await t.http.request(method, path, { token: op, rawBody: '{"name": ' });
      expect([route, malformed.status, fieldsOf(malformed.body)]).toEqual([route, 400, ['body']]);
      for (const raw of ['[]', '"text"', '42', 'null']) {
        const res = await t.http.request(method, path, { token: op, rawBody: raw });
        expect([route, raw, res.status, res.body.code]).toEqual([route, raw, 400, expect.stringMatching(/VALIDATION_FAILED|BAD_REQUEST/)]);
      }
      const unknown = await t.http.request(method, path, { token: op, body: { hacker: true } });
      expect([route, unknown.status, fieldsOf(unknown.body)]).toEqual([route, 400, expect.arrayContaining(['hacker'])]);
    }
  });

  it('answers negative, zero, non-numeric and oversized ids with 400 naming the id', async () => {
    for (const [method, path] of [...writes(), ...reads().map((p): [string, string] => ['GET', p])]) {
      if (!/\/(\d+)(\/|$)/.test(path)) continue;
      for (const bad of ['-1', '0', 'abc', '1.5', '99999999999']) {
        const badPath = path.replace(/\/\d+(\/|$)/, `/${bad}$1`);
        const res = await call(method, badPath, op);
        expect([method, badPath, res.status, fieldsOf(res.body)]).toEqual([method, badPath, 400, ['id']]);
      }
    }
  });

  it('documents every catalog route in the served OpenAPI document', async () => {
    const doc = await t.http.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    for (const path of [
      '/api/v1/categories',
      '/api/v1/products',
      '/api/v1/products/{id}',
      '/api/v1/home',
      '/api/v1/stores',
      '/api/v1/admin/categories/{id}',
      '/api/v1/admin/products/{id}',
      '/api/v1/admin/skus/{id}/stock-adjustments',
      '/api/v1/admin/skus/low-stock',
      '/api/v1/admin/stock-movements',
      '/api/v1/admin/stores/{id}',
      '/api/v1/admin/banners/{id}',
      '/api/v1/admin/home-sections/{id}',
    ])
      expect(paths).toContain(path);
    expect(Object.keys(doc.body.components.schemas)).toEqual(
      expect.arrayContaining(['CreateProductDto', 'UpdateProductDto', 'CreateStoreDto']),
    );
  });

  it('answers wrong types and huge strings with 400 naming the field', async () => {
    const huge = 'x'.repeat(100_000);
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/v1/admin/categories', { name: huge }, 'name'],
      ['POST', '/api/v1/admin/categories', { name: 123 }, 'name'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { title: huge }, 'title'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { title: ['a'] }, 'title'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { categoryId: 'one' }, 'categoryId'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { images: 'https://img.example.com/a.png' }, 'images'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { images: [huge] }, 'images'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { status: 'sold_out' }, 'status'],
      ['POST', '/api/v1/admin/products', { ...productDoc(ids.category), specs: 'x' }, 'specs'],
      ['POST', '/api/v1/admin/products', { ...productDoc(ids.category), skus: [42] }, 'skus[0]'],
      ['POST', `/api/v1/admin/skus/${ids.sku}/stock-adjustments`, { delta: 1, reason: huge }, 'reason'],
      ['PATCH', `/api/v1/admin/stores/${ids.store}`, { address: huge }, 'address'],
      ['PATCH', `/api/v1/admin/stores/${ids.store}`, { latitude: null }, 'latitude'],
      ['PATCH', `/api/v1/admin/banners/${ids.banner}`, { title: huge }, 'title'],
      ['PATCH', `/api/v1/admin/banners/${ids.banner}`, { sort: '1' }, 'sort'],
      ['PATCH', `/api/v1/admin/home-sections/${ids.section}`, { productIds: 'all' }, 'productIds'],
      // null for a field that cannot be empty is a type error too, not a write of NULL.
      ['PATCH', `/api/v1/admin/categories/${ids.category}`, { name: null }, 'name'],
      ['PATCH', `/api/v1/admin/categories/${ids.category}`, { iconUrl: null }, 'iconUrl'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { title: null }, 'title'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { subtitle: null }, 'subtitle'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { images: null }, 'images'],
      ['PATCH', `/api/v1/admin/products/${ids.product}`, { status: null }, 'status'],
      ['PATCH', `/api/v1/admin/stores/${ids.store}`, { phone: null }, 'phone'],
      ['PATCH', `/api/v1/admin/banners/${ids.banner}`, { isActive: null }, 'isActive'],
      ['PATCH', `/api/v1/admin/banners/${ids.banner}`, { link: null }, 'link'],
      ['PATCH', `/api/v1/admin/home-sections/${ids.section}`, { sort: null }, 'sort'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await t.http.request(method, path, { token: op, body });
      expect([method, path, field, res.status, fieldsOf(res.body)]).toEqual([method, path, field, 400, expect.arrayContaining([field])]);
    }
  });
});
