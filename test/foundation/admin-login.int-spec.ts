import { AuthHousekeeping, hashPassword } from '@app/auth';
import { Metrics } from '@app/common';
import { type HttpResult, startTestApp, TEST_OWNER, type TestApp } from '@app/testing';

/** Admin login abuse: throttling per (username, client address), counted before the password is checked. */
describe('admin login throttling', () => {
  let t: TestApp;
  let clients = 0;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** A distinct client address, as the gateway in front of us would append it to X-Forwarded-For. */
  const newClient = (): string => `203.0.113.${++clients}`;
  const login = (username: string, password: string, client: string, spoofed?: string): Promise<HttpResult> =>
    t.http.post(
      '/api/v1/admin/auth/login',
      { username, password },
      { headers: { 'x-forwarded-for': spoofed ? `${spoofed}, ${client}` : client } },
    );
  const verifications = async (): Promise<number> => {
    const metric = await t.app.get(Metrics).registry.getSingleMetric('password_hashes_total')!.get();
    return metric.values.find((v) => v.labels.op === 'verify')?.value ?? 0;
  };

  it('evaluates only ADMIN_LOGIN_MAX_FAILURES passwords of 300 concurrent guesses', async () => {
    const client = newClient();
    const before = await verifications();
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => login(TEST_OWNER.username, `guess-${i}`, client)));
    expect(await verifications()).toBe(before + 5);
    const statuses = results.map((r) => `${r.status} ${r.body.code}`);
    expect(statuses.filter((s) => s === '401 INVALID_CREDENTIALS')).toHaveLength(5);
    expect(statuses.filter((s) => s === '429 LOGIN_THROTTLED')).toHaveLength(295);
    const refused = results.find((r) => r.status === 429)!;
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(refused.body).toEqual({
      code: 'LOGIN_THROTTLED',
      message: expect.stringContaining('retry in'),
      details: { retryAfterSeconds: expect.any(Number) },
      requestId: expect.any(String),
    });
  });

  it('refuses the right password sent in a burst of guesses past the limit', async () => {
    const client = newClient();
    for (let i = 0; i < 4; i++) expect((await login(TEST_OWNER.username, `guess-${i}`, client)).status).toBe(401);
    // One failure left: the first guess of the burst to be counted takes it; the right password, sixth in line, comes after.
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) => login(TEST_OWNER.username, i === 5 ? TEST_OWNER.password : `burst-${i}`, client)),
    );
    expect([results[5]!.status, results[5]!.body.code, results[5]!.body.token]).toEqual([429, 'LOGIN_THROTTLED', undefined]);
    expect(results.filter((r) => r.status !== 429).map((r) => r.status)).toEqual([401]);
  });

  it('gives strangers no kill switch: the owner logs in from their own address meanwhile', async () => {
    const attacker = newClient();
    for (let i = 0; i < 7; i++) await login(TEST_OWNER.username, 'nope', attacker);
    expect((await login(TEST_OWNER.username, TEST_OWNER.password, attacker)).status).toBe(429);
    expect((await login(TEST_OWNER.username, TEST_OWNER.password, newClient())).status).toBe(200);
  });

  it('reads the client from the right-most X-Forwarded-For entry: a forged left part changes nothing', async () => {
    const client = newClient();
    for (let i = 0; i < 5; i++) await login(TEST_OWNER.username, 'nope', client, `198.51.100.${i}`);
    const forged = await login(TEST_OWNER.username, TEST_OWNER.password, client, '198.51.100.99');
    expect([forged.status, forged.body.code]).toEqual([429, 'LOGIN_THROTTLED']);
  });

  it('answers unknown usernames exactly like real ones, throttling included', async () => {
    const client = newClient();
    const real: HttpResult[] = [];
    const ghost: HttpResult[] = [];
    for (let i = 0; i < 6; i++) {
      real.push(await login(TEST_OWNER.username, 'nope', client));
      ghost.push(await login('ghost-admin', 'nope', client));
    }
    const shape = (r: HttpResult): unknown[] => [r.status, r.body.code, r.body.message, r.headers.get('retry-after')];
    expect(ghost.map(shape)).toEqual(real.map(shape));
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('delays further attempts progressively, and a success starts over', async () => {
    const client = newClient();
    for (let i = 0; i < 5; i++) expect((await login(TEST_OWNER.username, 'nope', client)).status).toBe(401);
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      const refused = await login(TEST_OWNER.username, TEST_OWNER.password, client);
      expect(refused.status).toBe(429);
      waits.push(refused.headers.get('retry-after')!);
      t.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
      expect((await login(TEST_OWNER.username, 'nope', client)).status).toBe(401); // one attempt per delay
    }
    expect(waits).toEqual(['60', '120', '240']);
    const refused = await login(TEST_OWNER.username, TEST_OWNER.password, client);
    expect(refused.headers.get('retry-after')).toBe('480');
    t.clock.advance(480_000);
    expect((await login(TEST_OWNER.username, TEST_OWNER.password, client)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(TEST_OWNER.username, 'nope', client)).status).toBe(401);
  });

  it('forgets failures after a quiet day, and the sweep deletes such rows', async () => {
    const client = newClient();
    for (let i = 0; i < 5; i++) await login('forgetful', 'nope', client);
    expect((await login('forgetful', 'nope', client)).status).toBe(429);
    t.clock.advanceDays(1);
    expect((await login('forgetful', 'nope', client)).status).toBe(401);
    t.clock.advanceDays(1);
    t.clock.advance(1000);
    expect(await t.app.get(AuthHousekeeping).sweep(t.clock.now())).toBeGreaterThanOrEqual(1);
    expect(await t.sql("SELECT * FROM admin_login_throttle WHERE username = 'forgetful'")).toEqual([]);
  });

  it('rehashes a password stored at an older, cheaper cost on the next successful login', async () => {
    const old = await hashPassword('legacy-password-1', { N: 2 ** 10, r: 8, p: 1 });
    const now = t.clock.now();
    await t.sql(
      "INSERT INTO admin_user (username, password_hash, role, status, created_at, updated_at) VALUES ('legacy', ?, 'viewer', 'active', ?, ?)",
      [old, now, now],
    );
    expect((await login('legacy', 'legacy-password-1', newClient())).status).toBe(200);
    const [{ password_hash: upgraded }] = await t.sql("SELECT password_hash FROM admin_user WHERE username = 'legacy'");
    expect(upgraded).toMatch(new RegExp(`^scrypt\\$${t.config.auth.scrypt.N}\\$8\\$1\\$`));
    expect((await login('legacy', 'legacy-password-1', newClient())).status).toBe(200);
    expect((await login('legacy', 'wrong-password', newClient())).status).toBe(401);
  });
});
