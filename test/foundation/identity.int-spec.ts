import { UsersService } from '@app/auth';
import { startTestApp, TEST_APPID, type TestApp } from '@app/testing';

const GATEWAY = (openid: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'x-wx-openid': openid,
  'x-wx-appid': TEST_APPID,
  'x-wx-source': 'wx_client',
  'x-wx-env': 'prod-1',
  ...extra,
});

describe('identity', () => {
  let t: TestApp; // WX_GATEWAY_TRUST=false (the default)
  let gw: TestApp; // a second instance on the same database with WX_GATEWAY_TRUST=true
  beforeAll(async () => {
    t = await startTestApp();
    gw = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock, env: { WX_GATEWAY_TRUST: 'true' } });
  });
  afterAll(async () => {
    await gw?.close();
    await t?.close();
  });

  describe('wx-login (code2Session)', () => {
    it('exchanges a code for a token that identifies the shopper', async () => {
      const res = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor('o_login_1', 'u_union_1') });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        token: expect.any(String),
        expiresAt: expect.any(String),
        user: expect.objectContaining({ id: expect.any(Number) }),
      });
      const me = await t.http.get('/api/v1/me', { token: res.body.token });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(res.body.user.id);
      const [row] = await t.sql('SELECT openid, unionid, appid FROM user WHERE id = ?', [res.body.user.id]);
      expect(row).toEqual({ openid: 'o_login_1', unionid: 'u_union_1', appid: 'wxtest0000000000a1' });
    });

    it('logs the same openid in as the same user', async () => {
      const a = await t.loginUser('o_login_same');
      const b = await t.loginUser('o_login_same');
      expect(a.userId).toBe(b.userId);
    });

    it('maps an invalid or reused code to 400 WX_CODE_INVALID', async () => {
      const res = await t.http.post('/api/v1/auth/wx-login', { code: 'never-issued' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WX_CODE_INVALID');
      const code = t.wechat.codeFor('o_once');
      expect((await t.http.post('/api/v1/auth/wx-login', { code })).status).toBe(200);
      expect((await t.http.post('/api/v1/auth/wx-login', { code })).body.code).toBe('WX_CODE_INVALID');
    });

    it('maps WeChat rate limiting to 429 and a blocked user to 403', async () => {
      t.wechat.failNext('GET', '/sns/jscode2session', { body: { errcode: 45011, errmsg: 'api minute-quota reach limit' } });
      const limited = await t.http.post('/api/v1/auth/wx-login', { code: 'x' });
      expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);
      t.wechat.failNext('GET', '/sns/jscode2session', { body: { errcode: 40226, errmsg: 'high risk' } });
      const blocked = await t.http.post('/api/v1/auth/wx-login', { code: 'x' });
      expect([blocked.status, blocked.body.code]).toEqual([403, 'WX_USER_BLOCKED']);
    });

    it.each([
      ['answers 500', { status: 500, body: 'oops' }],
      ['is busy (-1)', { body: { errcode: -1, errmsg: 'system error' } }],
      ['answers garbage', { body: 'not json' }],
    ])('maps WeChat that %s to 503, never 500', async (_, failure) => {
      t.wechat.failNext('GET', '/sns/jscode2session', failure);
      const res = await t.http.post('/api/v1/auth/wx-login', { code: 'x' });
      expect([res.status, res.body.code]).toEqual([503, 'WECHAT_UNAVAILABLE']);
    });

    it('maps WeChat that times out to 503, never 500', async () => {
      // The bound under test, on an instance of its own: the suite's default (5 s) is generous for loaded machines.
      const bounded = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock, env: { WX_API_TIMEOUT_MS: '1000' } });
      try {
        t.wechat.failNext('GET', '/sns/jscode2session', { delayMs: 3000, body: { openid: 'late' } });
        const res = await bounded.http.post('/api/v1/auth/wx-login', { code: 'x' });
        expect([res.status, res.body.code]).toEqual([503, 'WECHAT_UNAVAILABLE']);
      } finally {
        await bounded.close();
      }
    });

    it('says login through WeChat is not configured, without calling WeChat, when there is no WX_SECRET', async () => {
      const unconfigured = await startTestApp({ database: t.db, env: { WX_SECRET: '' } });
      try {
        const res = await unconfigured.http.post('/api/v1/auth/wx-login', { code: unconfigured.wechat.codeFor('o_nosecret') });
        expect([res.status, res.body.code]).toEqual([503, 'WX_LOGIN_NOT_CONFIGURED']);
        expect(res.body.message).toMatch(/WX_SECRET.*dev-login/);
        expect(unconfigured.wechat.calls).toEqual([]);
      } finally {
        await unconfigured.close();
      }
    });

    it('maps a misconfigured secret to 502, not 500', async () => {
      t.wechat.failNext('GET', '/sns/jscode2session', { body: { errcode: 40125, errmsg: 'invalid appsecret' } });
      const res = await t.http.post('/api/v1/auth/wx-login', { code: 'x' });
      expect([res.status, res.body.code]).toEqual([502, 'WECHAT_REJECTED']);
    });
  });

  describe('tokens', () => {
    it('refuses missing, malformed, forged and expired tokens', async () => {
      expect((await t.http.get('/api/v1/me')).status).toBe(401);
      expect((await t.http.get('/api/v1/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
      const { token } = await t.loginUser();
      const forged = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await t.http.get('/api/v1/me', { token: forged })).body.code).toBe('UNAUTHENTICATED');
      t.clock.advance((t.config.auth.jwtTtlSeconds + 5) * 1000);
      try {
        const expired = await t.http.get('/api/v1/me', { token });
        expect([expired.status, expired.body.code]).toEqual([401, 'TOKEN_EXPIRED']);
      } finally {
        t.clock.advance(-(t.config.auth.jwtTtlSeconds + 5) * 1000);
      }
    });

    it('lets a disabled shopper browse but refuses their orders at once, whatever the identity cache holds', async () => {
      const { token, userId } = await t.loginUser();
      expect((await t.http.get('/api/v1/me', { token })).status).toBe(200); // cached as active
      await t.sql("UPDATE user SET status = 'disabled' WHERE id = ?", [userId]);
      expect((await t.http.get('/api/v1/me', { token })).status).toBe(200);
      const res = await t.http.post(
        '/api/v1/orders',
        { items: [{ skuId: 1, quantity: 1 }], addressId: 1 },
        { token, headers: { 'idempotency-key': 'disabled-1' } },
      );
      expect([res.status, res.body.code]).toEqual([403, 'USER_DISABLED']);
    });

    it('does not accept a shopper token on admin routes', async () => {
      const { token } = await t.loginUser();
      const res = await t.http.get('/api/v1/admin/admin-users', { token });
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    });
  });

  describe('gateway headers', () => {
    it('are ignored entirely when WX_GATEWAY_TRUST is off (spoofing does nothing)', async () => {
      const res = await t.http.get('/api/v1/me', { headers: GATEWAY('o_spoofed') });
      expect(res.status).toBe(401);
      expect(await t.sql("SELECT id FROM user WHERE openid = 'o_spoofed'")).toEqual([]);
    });

    it('identify the shopper when trusted, creating the user on first sight', async () => {
      const res = await gw.http.get('/api/v1/me', { headers: GATEWAY('o_gateway_1', { 'x-wx-unionid': 'u_gw_1' }) });
      expect(res.status).toBe(200);
      const [row] = await gw.sql("SELECT id, unionid FROM user WHERE openid = 'o_gateway_1'");
      expect(row).toEqual({ id: res.body.id, unionid: 'u_gw_1' });
      const again = await gw.http.get('/api/v1/me', { headers: GATEWAY('o_gateway_1') });
      expect(again.body.id).toBe(res.body.id);
    });

    it('refresh last_seen_at at most hourly, and take a new unionid at once', async () => {
      const seen = async (): Promise<{ at: number; unionid: string | null }> => {
        const [row] = await gw.sql("SELECT last_seen_at AS at, unionid FROM user WHERE openid = 'o_touch'");
        return { at: new Date(row.at).getTime(), unionid: row.unionid };
      };
      // Each step starts with the shopper out of the identity cache, as 30 s after their last request.
      const visit = async (extra: Record<string, string> = {}): Promise<void> => {
        const [known] = await gw.sql<{ id: number }>("SELECT id FROM user WHERE openid = 'o_touch'");
        if (known) gw.app.get(UsersService).forget(known.id);
        expect((await gw.http.get('/api/v1/me', { headers: GATEWAY('o_touch', extra) })).status).toBe(200);
      };
      await visit();
      const first = t.clock.now().getTime();
      expect(await seen()).toEqual({ at: first, unionid: null });
      t.clock.advanceMinutes(59);
      await visit();
      expect(await seen()).toEqual({ at: first, unionid: null });
      await visit({ 'x-wx-unionid': 'u_touch' });
      expect(await seen()).toEqual({ at: t.clock.now().getTime(), unionid: 'u_touch' });
      t.clock.advanceMinutes(61);
      await visit();
      expect(await seen()).toEqual({ at: t.clock.now().getTime(), unionid: 'u_touch' });
    });

    it('require x-wx-source when trusted', async () => {
      const headers = GATEWAY('o_no_source');
      delete headers['x-wx-source'];
      const res = await gw.http.get('/api/v1/me', { headers });
      expect([res.status, res.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(res.body.message).toMatch(/x-wx-source/);
      expect(await gw.sql("SELECT id FROM user WHERE openid = 'o_no_source'")).toEqual([]);
    });

    it('use x-wx-from-openid under resource sharing, where x-wx-appid is the environment owner', async () => {
      const res = await gw.http.get('/api/v1/me', {
        headers: {
          'x-wx-from-openid': 'o_shared',
          'x-wx-from-appid': TEST_APPID,
          'x-wx-appid': 'wxowner00000000000b',
          'x-wx-source': 'wx_client',
        },
      });
      expect(res.status).toBe(200);
      expect(await gw.sql("SELECT appid FROM user WHERE openid = 'o_shared'")).toEqual([{ appid: TEST_APPID }]);
    });

    it.each([
      ['another x-wx-appid', GATEWAY('o_foreign_1', { 'x-wx-appid': 'wxother0000000000b' }), 'x-wx-appid'],
      ['no x-wx-appid', (({ 'x-wx-appid': _, ...h }) => h)(GATEWAY('o_foreign_2')), 'x-wx-appid'],
      [
        'another x-wx-from-appid under resource sharing',
        {
          'x-wx-from-openid': 'o_foreign_3',
          'x-wx-from-appid': 'wxother0000000000b',
          'x-wx-appid': TEST_APPID,
          'x-wx-source': 'wx_client',
        },
        'x-wx-from-appid',
      ],
    ])('refuse %s: the openid belongs to another mini program', async (_, headers, named) => {
      const res = await gw.http.get('/api/v1/me', { headers });
      expect([res.status, res.body.code]).toEqual([401, 'GATEWAY_APPID_MISMATCH']);
      expect(res.body.message).toContain(named);
      expect(await gw.sql("SELECT id FROM user WHERE openid LIKE 'o_foreign_%'")).toEqual([]);
    });

    it('create exactly one user when two first requests of one openid arrive at once', async () => {
      for (let round = 0; round < 5; round++) {
        const openid = `o_race_${round}`;
        const results = await Promise.all(Array.from({ length: 8 }, () => gw.http.get('/api/v1/me', { headers: GATEWAY(openid) })));
        expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
        expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
        expect(await gw.sql('SELECT COUNT(*) AS n FROM user WHERE openid = ?', [openid])).toEqual([{ n: 1 }]);
      }
    });

    it('let a Bearer token take precedence over gateway headers', async () => {
      const { token, userId } = await gw.loginUser('o_token_wins');
      const res = await gw.http.get('/api/v1/me', { token, headers: GATEWAY('o_other_header_user') });
      expect(res.body.id).toBe(userId);
    });
  });

  describe('dev login', () => {
    it('works where enabled and does not exist elsewhere', async () => {
      const ok = await t.http.post('/api/v1/auth/dev-login', { openid: 'o_dev' });
      expect(ok.status).toBe(200);
      expect((await t.http.get('/api/v1/me', { token: ok.body.token })).status).toBe(200);
      const off = await startTestApp({ database: t.db, wechat: t.wechat, env: { DEV_LOGIN: 'false' } });
      try {
        const res = await off.http.post('/api/v1/auth/dev-login', { openid: 'o_dev' });
        expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
      } finally {
        await off.close();
      }
    });
  });

  describe('profile', () => {
    it('reads and updates the own profile', async () => {
      const { token } = await t.loginUser();
      const res = await t.http.patch('/api/v1/me', { nickname: '小明', avatarUrl: 'https://img.example.com/a.png' }, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ nickname: '小明', avatarUrl: 'https://img.example.com/a.png', phone: null });
      expect((await t.http.patch('/api/v1/me', {}, { token })).status).toBe(200);
      const bad = await t.http.patch('/api/v1/me', { nickname: 'x'.repeat(33), avatarUrl: 'javascript:alert(1)' }, { token });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['avatarUrl', 'nickname']);
    });

    it('binds a phone number through getPhoneNumber, checking the watermark appid', async () => {
      const { token } = await t.loginUser();
      const res = await t.http.post('/api/v1/me/phone', { code: t.wechat.phoneCode('13812345678') }, { token });
      expect(res.status).toBe(200);
      expect(res.body.phone).toBe('13812345678');
      const foreign = await t.http.post('/api/v1/me/phone', { code: t.wechat.phoneCode('13900000000', 'wxanother00000000a') }, { token });
      expect([foreign.status, foreign.body.code]).toEqual([400, 'WX_PHONE_APPID_MISMATCH']);
      const invalid = await t.http.post('/api/v1/me/phone', { code: 'bogus' }, { token });
      expect([invalid.status, invalid.body.code]).toEqual([400, 'WX_CODE_INVALID']);
      expect((await t.http.get('/api/v1/me', { token })).body.phone).toBe('13812345678');
    });
  });
});
