import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import {
  createAddress,
  createShopProduct,
  type HttpResult,
  placeOrder,
  startTestApp,
  TEST_OWNER,
  type TestApp,
  type TestAppOptions,
} from '@app/testing';

const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A TCP port nothing listens on (taken from the OS, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A private redis-server on its own port (so the test can stop it without touching the shared one). */
async function startRedis(port: number): Promise<ChildProcess> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    proc.once('error', reject);
    proc.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
  });
  return proc;
}

async function stopRedis(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGKILL');
  await exited;
}

const codes = (results: HttpResult[]): Record<string, number> => {
  const tally: Record<string, number> = {};
  for (const r of results) tally[`${r.status} ${r.body.code ?? ''}`.trim()] = (tally[`${r.status} ${r.body.code ?? ''}`.trim()] ?? 0) + 1;
  return tally;
};

describe('rate limits', () => {
  const apps: TestApp[] = [];
  const start = async (opts: TestAppOptions): Promise<TestApp> => {
    const t = await startTestApp(opts);
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of apps.reverse()) await t.close();
  });

  let clients = 0;
  /** A distinct client address, as the gateway would append it to X-Forwarded-For. */
  const newClient = (): string => `198.18.0.${++clients}`;
  const devLogin = (t: TestApp, client: string, openid = `o_rl_${randomBytes(4).toString('hex')}`): Promise<HttpResult> =>
    t.http.post('/api/v1/auth/dev-login', { openid }, { headers: { 'x-forwarded-for': client } });

  describe('in memory (no REDIS_URL)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await start({ env: { RATE_LIMIT_LOGIN: '10/1m', RATE_LIMIT_ADMIN_LOGIN: '3/1m', RATE_LIMIT_ORDERS: '3/1m' } });
    });

    it('stops junk wx-login codes before they reach WeChat, answering 429 with Retry-After', async () => {
      const client = newClient();
      const results = await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          t.http.post('/api/v1/auth/wx-login', { code: `junk-${i}` }, { headers: { 'x-forwarded-for': client } }),
        ),
      );
      expect(codes(results)).toEqual({ '400 WX_CODE_INVALID': 10, '429 RATE_LIMITED': 290 });
      expect(t.wechat.callsTo('/sns/jscode2session')).toHaveLength(10);
      const refused = results.find((r) => r.status === 429)!;
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body).toEqual({
        code: 'RATE_LIMITED',
        message: expect.stringContaining('retry in'),
        details: { retryAfterSeconds: retryAfter },
        requestId: refused.headers.get('x-request-id'),
      });
    });

    it('counts per client: another address is served, a forged left X-Forwarded-For part is not another client', async () => {
      const client = newClient();
      for (let i = 0; i < 10; i++) expect((await devLogin(t, client)).status).toBe(200);
      expect((await devLogin(t, client)).status).toBe(429);
      expect((await devLogin(t, `203.0.113.77, ${client}`)).status).toBe(429);
      expect((await devLogin(t, newClient())).status).toBe(200);
    });

    it('limits admin logins per client, ahead of the password check', async () => {
      const client = newClient();
      const results: HttpResult[] = [];
      for (let i = 0; i < 5; i++)
        results.push(await t.http.post('/api/v1/admin/auth/login', TEST_OWNER, { headers: { 'x-forwarded-for': client } }));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
      expect(results[3]!.body.code).toBe('RATE_LIMITED');
    });

    it('limits order creation per shopper, whatever their address', async () => {
      const owner = await t.loginAdmin(TEST_OWNER.username, TEST_OWNER.password);
      const { skuIds } = await createShopProduct(t, owner, [{ price: 100, stock: 100 }]);
      const place = async (token: string, addressId: number): Promise<number> =>
        (await placeOrder(t, token, { items: [{ skuId: skuIds[0]!, quantity: 1 }], addressId })).status;
      const a = await t.loginUser();
      const b = await t.loginUser();
      const [addrA, addrB] = [await createAddress(t, a.token), await createAddress(t, b.token)];
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push(await place(a.token, addrA));
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect(await place(b.token, addrB)).toBe(201);
      expect(await t.sql('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [a.userId])).toEqual([{ n: 3 }]);
    });
  });

  describe('with REDIS_URL', () => {
    const env = (redisUrl: string): Record<string, string> => ({
      RATE_LIMIT_LOGIN: '4/1m',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `wxmall-test-${randomBytes(6).toString('hex')}:`,
    });

    it('shares the counts between instances', async () => {
      const shared = env(SHARED_REDIS);
      const a = await start({ env: shared });
      const b = await start({ database: a.db, wechat: a.wechat, env: shared });
      const client = newClient();
      const statuses = [];
      for (const t of [a, b, a, b, a, b]) statuses.push((await devLogin(t, client)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    });

    it('counts per instance, never failing a request, when Redis is unreachable from the start', async () => {
      const started = Date.now();
      const t = await start({ env: env(`redis://127.0.0.1:${await freePort()}`) });
      const client = newClient();
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await devLogin(t, client)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('falls back to per-instance counts when Redis goes away mid-run', async () => {
      const port = await freePort();
      const redis = await startRedis(port);
      try {
        const own = env(`redis://127.0.0.1:${port}`);
        const a = await start({ env: own });
        const b = await start({ database: a.db, wechat: a.wechat, env: own });
        const client = newClient();
        expect([(await devLogin(a, client)).status, (await devLogin(b, client)).status, (await devLogin(a, client)).status]).toEqual([
          200, 200, 200,
        ]);
        await stopRedis(redis);
        // a counted nothing itself so far (Redis did): it now allows 4 on its own, then refuses; no request fails.
        const after = [];
        for (let i = 0; i < 6; i++) after.push((await devLogin(a, client)).status);
        expect(after).toEqual([200, 200, 200, 200, 429, 429]);
        expect((await devLogin(b, newClient())).status).toBe(200);
      } finally {
        await stopRedis(redis);
      }
    });
  });
});
