import { IMG } from '@app/testing';
import { buy, NOTIFY, type PayWorld, pressPay, startPayWorld } from '../payments/pay-fixtures';

/**
 * JSON bodies before any handler: deep nesting is a quick 400 that does not stall the process, bodies are
 * limited to BODY_LIMIT_KB (100 KiB by default; product writes take more), prototype keys are named.
 */
const LOGIN = '/api/v1/admin/auth/login';
const nestedArrays = (bytes: number): string => `${'['.repeat(bytes / 2)}${']'.repeat(bytes / 2)}`;

describe('JSON request bodies', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startPayWorld();
  });
  afterAll(() => w?.close());

  const post = (path: string, rawBody: string, token?: string) => w.t.http.request('POST', path, { rawBody, token });

  it('refuses deep nesting with a quick 400 that says so', async () => {
    const cases = [nestedArrays(100_000), `${'{"a":'.repeat(15_000)}1${'}'.repeat(15_000)}`, `{"username":${nestedArrays(66)}}`];
    for (const body of cases) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const res = await post(LOGIN, body);
      const { user, system } = process.cpuUsage(cpu);
      const ms = performance.now() - started;
      expect([res.status, res.body.code, res.body.message]).toEqual([400, 'BAD_REQUEST', 'JSON body nests deeper than 32 levels']);
      expect(res.body.details.fields).toEqual([{ field: 'body', errors: ['JSON body nests deeper than 32 levels'] }]);
      // Client and server share this process: its CPU time is the cost, whatever else the machine runs (was ~450 ms).
      expect((user + system) / 1000).toBeLessThan(50);
      expect(ms).toBeLessThan(250);
    }
    // 32 levels are fine (the DTO then refuses the field), and brackets inside strings do not count.
    const ok = await post(LOGIN, `{"username":${nestedArrays(62)}}`);
    expect([ok.status, ok.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const text = await post(LOGIN, JSON.stringify({ username: '['.repeat(5000), password: 'x' }));
    expect([text.status, text.body.details.fields[0].field]).toEqual([400, 'username']);
  });

  it('keeps /healthz answering while deeply nested bodies arrive', async () => {
    // Before: one 100 KB body held the event loop ~0.5 s and answered 500; eight in a row stalled /healthz for seconds.
    let attacking = true;
    const cpu = process.cpuUsage();
    const latencies: number[] = [];
    const probe = (async () => {
      while (attacking) {
        const started = performance.now();
        const res = await w.t.http.get('/healthz');
        latencies.push(performance.now() - started);
        expect(res.status).toBe(200);
        // Paced: the probes' own CPU must not grow with how long a busy machine takes over the uploads.
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const attack = await Promise.all([
      ...Array.from({ length: 8 }, () => post(LOGIN, nestedArrays(100_000))),
      // The product routes take bodies up to 512 KiB: nesting is refused there all the same.
      ...Array.from({ length: 2 }, () => post('/api/v1/admin/products', nestedArrays(500_000), w.owner)),
    ]);
    attacking = false;
    await probe;
    const { user, system } = process.cpuUsage(cpu);
    expect(attack.map((r) => r.status)).toEqual(Array(10).fill(400));
    expect(latencies.length).toBeGreaterThan(0);
    // The process spent ~4 s of CPU on these before; now the uploads, scans and probes take ~100 ms (idle machine).
    expect((user + system) / 1000).toBeLessThan(1000);
    // /healthz: 80 ms at worst on an idle development machine (the first probe, which waits behind the uploads).
    expect(Math.max(...latencies)).toBeLessThan(500);
  });

  it('limits bodies to 100 KiB by default; product writes take up to 512 KiB', async () => {
    const big = await post(LOGIN, JSON.stringify({ username: 'x'.repeat(101 * 1024), password: 'x' }));
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const fits = await post(LOGIN, JSON.stringify({ username: 'x'.repeat(99 * 1024), password: 'x' }));
    expect([fits.status, fits.body.code]).toEqual([400, 'VALIDATION_FAILED']);

    // A product at its matrix limits: 200 SKUs with codes, images and CJK spec values.
    const [category] = await w.t.sql<{ id: number }>('SELECT id FROM category LIMIT 1');
    const categoryId = category?.id ?? (await w.t.http.post('/api/v1/admin/categories', { name: '大' }, { token: w.owner })).body.id;
    const value = (i: number): string => `${String(i).padStart(2, '0')}${'规格值'.repeat(6)}`;
    const specs = [
      { name: '颜'.repeat(20), values: Array.from({ length: 10 }, (_, i) => value(i)) },
      { name: '尺'.repeat(20), values: Array.from({ length: 10 }, (_, i) => value(i)) },
      { name: '款'.repeat(20), values: [value(0), value(1)] },
    ];
    const image = `${IMG}?${'v'.repeat(512 - IMG.length - 1)}`;
    const skus = Array.from({ length: 200 }, (_, i) => ({
      specValues: [value(i % 10), value(Math.floor(i / 10) % 10), value(Math.floor(i / 100))],
      price: 99_999_999,
      linePrice: 99_999_999,
      stock: 10_000_000,
      code: `C${String(i).padStart(63, '0')}`,
      image,
    }));
    const product = JSON.stringify({
      categoryId,
      title: '大'.repeat(60),
      mainImage: IMG,
      specs,
      skus,
      detailImages: Array(30).fill(image),
    });
    expect(Buffer.byteLength(product)).toBeGreaterThan(180 * 1024);
    const created = await post('/api/v1/admin/products', product, w.owner);
    expect([created.status, created.body.skus?.length]).toEqual([201, 200]);
    const tooBig = await post('/api/v1/admin/products', JSON.stringify({ title: 'x'.repeat(513 * 1024) }), w.owner);
    expect(tooBig.status).toBe(413);
  });

  it('delivers WeChat Pay notifications: a few KB each, far under the limit', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    const n = w.pay.transactionNotification(b.orderNo);
    expect(Buffer.byteLength(n.body)).toBeLessThan(4096);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, n)).status).toBe(204);
  });

  it('names __proto__ and constructor.prototype keys instead of calling the body malformed', async () => {
    const proto = await post(LOGIN, '{"username":"a","password":"b","__proto__":{"isAdmin":true}}');
    expect([proto.status, proto.body.message]).toEqual([400, 'JSON body must not contain a "__proto__" key']);
    const ctor = await post(LOGIN, '{"username":"a","constructor":{"prototype":{"isAdmin":true}}}');
    expect([ctor.status, ctor.body.message]).toEqual([400, 'JSON body must not contain a "constructor" with a "prototype" key']);
    const malformed = await post(LOGIN, '{"username":');
    expect([malformed.status, malformed.body.message]).toEqual([400, expect.stringMatching(/not valid JSON/)]);
  });
});
