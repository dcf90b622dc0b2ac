import { createHmac } from 'node:crypto';
import { AuthHousekeeping } from '@app/auth';
import { startTestApp, TEST_JWT_SECRET, TEST_OWNER, type TestApp } from '@app/testing';

/** An HS256 token signed with our secret, with exactly these claims. */
function sign(claims: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${body}.${createHmac('sha256', TEST_JWT_SECRET).update(body).digest('base64url')}`;
}

describe('tokens', () => {
  let t: TestApp; // ADMIN_JWT_TTL at its default (12h)
  let other: TestApp; // a second instance on the same database
  beforeAll(async () => {
    t = await startTestApp({ env: { ADMIN_JWT_TTL: undefined } });
    other = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock, env: { ADMIN_JWT_TTL: undefined } });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('refuses a correctly signed token without an expiry', async () => {
    const { userId } = await t.loginUser();
    const iat = Math.floor(t.clock.now().getTime() / 1000);
    const shopper = { sub: String(userId), typ: 'user', iss: 'wxmall', iat };
    expect((await t.http.get('/api/v1/me', { token: sign({ ...shopper, exp: iat + 60 }) })).status).toBe(200); // the signing is right
    const res = await t.http.get('/api/v1/me', { token: sign(shopper) });
    expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    const [{ id }] = await t.sql('SELECT id FROM admin_user WHERE username = ?', [TEST_OWNER.username]);
    const admin = { sub: String(id), typ: 'admin', ver: 0, iss: 'wxmall', iat, jti: 'a-token-id-of-some-length' };
    expect((await t.http.get('/api/v1/admin/admin-users', { token: sign(admin) })).status).toBe(401);
  });

  it('gives admin tokens their own, shorter lifetime (ADMIN_JWT_TTL, 12h by default)', async () => {
    t.clock.set(Math.ceil(Date.now() / 1000) * 1000); // token times are whole seconds
    const login = await t.http.post('/api/v1/admin/auth/login', TEST_OWNER);
    expect(new Date(login.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(12 * 3600_000);
    const shopper = await t.http.post('/api/v1/auth/dev-login', { openid: 'o_ttl' });
    expect(new Date(shopper.body.expiresAt).getTime() - t.clock.now().getTime()).toBe(t.config.auth.jwtTtlSeconds * 1000);
    t.clock.advance(12 * 3600_000 + 1000);
    try {
      const expired = await t.http.get('/api/v1/admin/admin-users', { token: login.body.token });
      expect([expired.status, expired.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
      expect((await t.http.get('/api/v1/me', { token: shopper.body.token })).status).toBe(200);
    } finally {
      t.clock.advance(-(12 * 3600_000 + 1000));
    }
  });

  it('ends an admin token on logout, on every instance, and only that token', async () => {
    const token = await t.loginAdmin();
    const kept = await t.loginAdmin();
    expect((await other.http.get('/api/v1/admin/admin-users', { token })).status).toBe(200);
    const out = await t.http.post('/api/v1/admin/auth/logout', undefined, { token });
    expect(out.status).toBe(204);
    for (const app of [t, other]) {
      const res = await app.http.get('/api/v1/admin/admin-users', { token });
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect((await t.http.post('/api/v1/admin/auth/logout', undefined, { token })).status).toBe(401);
    expect((await other.http.get('/api/v1/admin/admin-users', { token: kept })).status).toBe(200);
  });

  it('forgets revocations once their tokens have expired anyway', async () => {
    const token = await t.loginAdmin();
    await t.http.post('/api/v1/admin/auth/logout', undefined, { token });
    const [{ n }] = await t.sql('SELECT COUNT(*) AS n FROM revoked_token');
    expect(n).toBeGreaterThanOrEqual(1);
    const housekeeping = t.app.get(AuthHousekeeping);
    await housekeeping.sweep(t.clock.now());
    expect((await t.sql('SELECT COUNT(*) AS n FROM revoked_token'))[0].n).toBe(n); // not expired yet
    await housekeeping.sweep(new Date(t.clock.now().getTime() + 12 * 3600_000 + 1000));
    expect((await t.sql('SELECT COUNT(*) AS n FROM revoked_token'))[0].n).toBe(0);
  });
});
