import { captureLogs, startTestApp, TEST_OWNER, type TestApp } from '@app/testing';

describe('operations', () => {
  const logs = captureLogs('debug');
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ logger: logs.logger });
  });
  afterAll(() => t?.close());

  it('echoes a valid x-request-id and generates one otherwise', async () => {
    const given = await t.http.get('/healthz', { headers: { 'x-request-id': 'req-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('req-abc.123');
    const bogus = await t.http.get('/api/v1/me', { headers: { 'x-request-id': 'bad id with spaces' } });
    const generated = bogus.headers.get('x-request-id');
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(bogus.body.requestId).toBe(generated); // and in error bodies
    // Also on answers Fastify gives before any route: unknown path, malformed JSON.
    const unknown = await t.http.get('/api/v1/nowhere', { headers: { 'x-request-id': 'req-404' } });
    expect([unknown.status, unknown.headers.get('x-request-id'), unknown.body.requestId]).toEqual([404, 'req-404', 'req-404']);
    const malformed = await t.http.request('POST', '/api/v1/cart/items', { rawBody: '{', headers: { 'x-request-id': 'req-400' } });
    expect([malformed.status, malformed.headers.get('x-request-id')]).toEqual([400, 'req-400']);
  });

  it('writes one JSON line per request with route, status, ms and the caller', async () => {
    const { token, userId } = await t.loginUser();
    await t.http.get('/api/v1/me', { token, headers: { 'x-request-id': 'line-check-1' } });
    const line = logs.lines.find((l) => l.requestId === 'line-check-1' && l.msg === 'request');
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/api/v1/me', status: 200, userId });
    expect(typeof line!.ms).toBe('number');
    expect(logs.lines.filter((l) => l.requestId === 'line-check-1' && l.msg === 'request')).toHaveLength(1);
    const admin = await t.loginAdmin();
    await t.http.get('/api/v1/admin/admin-users', { token: admin, headers: { 'x-request-id': 'line-check-2' } });
    expect(logs.lines.find((l) => l.requestId === 'line-check-2' && l.msg === 'request')).toMatchObject({
      adminId: expect.any(Number),
      status: 200,
    });
  });

  it('tags every line written while serving a request with its request id', async () => {
    await t.http.post('/api/v1/admin/auth/login', TEST_OWNER, { headers: { 'x-request-id': 'inner-lines' } });
    const inner = logs.lines.filter((l) => l.context === 'AdminAuthService' && l.msg === 'admin logged in');
    expect(inner.at(-1)?.requestId).toBe('inner-lines');
    // The request line names its id once, whether or not the context supplies it too.
    const raw = logs.raw.find((l) => l.includes('"inner-lines"') && l.includes('"msg":"request"'));
    expect(raw?.match(/"requestId"/g)).toHaveLength(1);
  });

  it('never logs secrets or full phone numbers', async () => {
    const { token } = await t.loginUser();
    await t.http.post('/api/v1/me/phone', { code: t.wechat.phoneCode('13912345678') }, { token });
    await t.http.post('/api/v1/admin/auth/login', { username: TEST_OWNER.username, password: 'wrong-password-xyz' });
    const all = logs.raw.join('\n');
    expect(all).toContain('139****5678');
    for (const secret of ['13912345678', TEST_OWNER.password, 'wrong-password-xyz', token, t.config.auth.jwtSecret, t.wechat.accessToken]) {
      expect(all).not.toContain(secret);
    }
  });

  it('exposes Prometheus metrics with a request histogram by route and status', async () => {
    await t.http.get('/healthz');
    const res = await t.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{.*method="GET",route="\/healthz",status="200"/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
  });

  it('serves the OpenAPI document generated from the code', async () => {
    const doc = await t.http.get('/docs/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/wx-login', '/api/v1/addresses/{id}', '/api/v1/admin/admin-users']),
    );
    expect((await t.http.get('/docs')).status).toBe(200);
  });

  it('has no drift between the entities and the migrations', async () => {
    const pending = await t.ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reports not ready (503) when the database is gone', async () => {
    expect((await t.http.get('/readyz')).status).toBe(200);
    const other = await startTestApp({ database: t.db, wechat: t.wechat });
    await other.ds.destroy();
    const res = await other.http.get('/readyz');
    expect([res.status, res.body.code]).toEqual([503, 'NOT_READY']);
    await other.app.close().catch(() => undefined);
  });
});

describe('request context off (LOG_REQUEST_CONTEXT=off, the default before Node 24)', () => {
  const logs = captureLogs('debug');
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ logger: logs.logger, env: { LOG_REQUEST_CONTEXT: 'off' } });
  });
  afterAll(() => t?.close());

  it('still puts the request id on the request line and in error bodies, not on inner lines', async () => {
    await t.http.post('/api/v1/admin/auth/login', TEST_OWNER, { headers: { 'x-request-id': 'off-inner' } });
    expect(logs.lines.filter((l) => l.requestId === 'off-inner' && l.msg === 'request')).toHaveLength(1);
    const inner = logs.lines.filter((l) => l.context === 'AdminAuthService' && l.msg === 'admin logged in');
    expect(inner).toHaveLength(1);
    expect(inner[0]!.requestId).toBeUndefined();
    const refused = await t.http.get('/api/v1/me', { headers: { 'x-request-id': 'off-error' } });
    expect([refused.status, refused.body.requestId]).toEqual([401, 'off-error']);
  });
});

describe('migrations at boot', () => {
  it('are applied once when several instances start together on a fresh database', async () => {
    const first = await startTestApp();
    const tables = (await first.sql('SHOW TABLES')).map((r: Record<string, string>) => `\`${Object.values(r)[0]}\``);
    await first.sql(`DROP TABLE ${tables.join(', ')}`);
    const others = await Promise.all([1, 2, 3].map(() => startTestApp({ database: first.db, wechat: first.wechat })));
    const applied = await first.sql('SELECT name, COUNT(*) AS n FROM schema_migrations GROUP BY name');
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((r: { n: number }) => r.n === 1)).toBe(true);
    for (const o of others) expect((await o.http.get('/readyz')).status).toBe(200);
    await Promise.all(others.map((o) => o.app.close()));
    await first.close();
  });
});

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, refuses new ones, then closes the pool', async () => {
    const t = await startTestApp();
    const code = t.wechat.codeFor('o_inflight');
    t.wechat.failNext('GET', '/sns/jscode2session', { delayMs: 400, body: { openid: 'o_inflight', session_key: 'k' } });
    const inflight = t.http.post('/api/v1/auth/wx-login', { code });
    await new Promise((r) => setTimeout(r, 100)); // the request is now waiting on WeChat
    const closing = t.app.close(); // what SIGTERM triggers in main.ts
    const res = await inflight;
    await closing;
    expect(res.status).toBe(200);
    expect(res.body.token).toEqual(expect.any(String));
    await expect(t.http.get('/healthz')).rejects.toThrow(); // no longer listening
    expect(t.ds.isInitialized).toBe(false); // pool closed
    await t.db.drop();
    await t.wechat.close();
  });
});
