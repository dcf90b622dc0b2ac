import { randomBytes } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, productDoc } from './catalog-fixtures';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
    s.connect(Number(port || 6379), hostname);
  });
}

/** A port nothing listens on (a Redis that is down). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The read cache told of catalog changes over Redis pub/sub (REDIS_URL, a channel of this run's own prefix): two
 * instances whose version check is an hour away (their shared manual clock never moves), so what empties the other
 * instance's cache can only be the message. A Redis that is down changes nothing for requests.
 */
describe('catalog: read cache invalidated over Redis', () => {
  const BOUND_MS = 1000;
  let available = false;
  let a: TestApp;
  let b: TestApp;
  let op: string;
  let leaf: any;
  let product: any;

  beforeAll(async () => {
    available = await redisAnswers(REDIS_URL);
    if (!available) return;
    const env = {
      CATALOG_CACHE_MB: '8',
      CATALOG_CACHE_CHECK_MS: '60000',
      CATALOG_CACHE_MAX_AGE_MS: '3600000',
      REDIS_URL,
      REDIS_KEY_PREFIX: `wxmall-test-${randomBytes(6).toString('hex')}:`,
    };
    a = await startTestApp({ env });
    b = await startTestApp({ env, database: a.db, clock: a.clock, wechat: a.wechat });
    op = await a.createAdmin('operator');
    leaf = await createCategory(a, op, { name: '广播' });
    product = await createProduct(a, op, productDoc(leaf.id, { title: '广播测试外套' }));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const get = async (t: TestApp, path: string): Promise<any> => {
    const res = await t.http.get(`/api/v1${path}`);
    return res.status === 200 ? res.body : res.status;
  };
  /** Reads on `t` until `ok` holds; how long that took. */
  const seenWithin = async (t: TestApp, path: string, ok: (body: any) => boolean): Promise<number> => {
    const start = Date.now();
    while (!ok(await get(t, path))) {
      if (Date.now() - start > 10_000) throw new Error(`${path} did not change within 10 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - start;
  };

  it('shows a price change made on one instance on the other well within the bound', async () => {
    if (!available) return void process.stdout.write(`no Redis at ${REDIS_URL}: skipped\n`);
    expect((await get(b, `/products/${product.id}`)).minPrice).toBe(9900);
    expect((await get(b, `/products?categoryId=${leaf.id}`)).items[0].minPrice).toBe(9900);
    // Cached: a change behind the service's back (SQL) is not seen, so what follows is the message's doing.
    await a.sql('UPDATE product SET subtitle = ? WHERE id = ?', ['不经服务的修改', product.id]);
    expect((await get(b, `/products/${product.id}`)).subtitle).not.toBe('不经服务的修改');

    const skus = product.skus.map((s: any) => ({ id: s.id, specValues: s.specValues, price: s.price - 1000, stock: s.stock }));
    const res = await a.http.patch(`/api/v1/admin/products/${product.id}`, { specs: product.specs, skus }, { token: op });
    expect(res.status).toBe(200);
    const ms = await seenWithin(b, `/products/${product.id}`, (p) => p.minPrice === 8900);
    expect(ms).toBeLessThan(BOUND_MS);
    expect((await get(b, `/products?categoryId=${leaf.id}`)).items[0].minPrice).toBe(8900);
    process.stdout.write(`catalog cache over Redis: a price change showed on the other instance after ${ms} ms\n`);
  });

  it('drops an off-sale product from the other instance’s cached lists within the bound', async () => {
    if (!available) return;
    const keyword = `/products?keyword=${encodeURIComponent('外套')}`;
    expect((await get(b, keyword)).items.map((p: any) => p.id)).toEqual([product.id]);
    expect((await a.http.patch(`/api/v1/admin/products/${product.id}`, { status: 'off_sale' }, { token: op })).status).toBe(200);
    expect(await seenWithin(b, keyword, (page) => page.items.length === 0)).toBeLessThan(BOUND_MS);
    expect(await get(b, `/products/${product.id}`)).toBe(404);
  });

  it('keeps answering when Redis is down: writes succeed and the version check remains the bound', async () => {
    if (!available) return;
    const down = await startTestApp({
      env: { CATALOG_CACHE_MB: '8', CATALOG_CACHE_CHECK_MS: '500', REDIS_URL: `redis://127.0.0.1:${await closedPort()}` },
      database: a.db,
      clock: a.clock,
      wechat: a.wechat,
    });
    try {
      const back = await a.http.patch(`/api/v1/admin/products/${product.id}`, { status: 'on_sale' }, { token: op });
      expect(back.status).toBe(200);
      a.clock.advance(500);
      expect((await get(down, `/products/${product.id}`)).id).toBe(product.id);
      const res = await down.http.patch(`/api/v1/admin/products/${product.id}`, { status: 'off_sale' }, { token: op });
      expect(res.status).toBe(200);
      a.clock.advance(500);
      expect(await get(down, `/products/${product.id}`)).toBe(404);
    } finally {
      await down.close();
    }
  });
});
