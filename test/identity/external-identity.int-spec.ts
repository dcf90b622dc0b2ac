import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { type CryptoKey, exportJWK, type JWK, type JWTPayload, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { JobRunner } from '@app/jobs/testing';
import { FakeHttpServer, type FakeRequest, startTestApp, type TestApp } from '@app/testing';

/*
 * Identities from an existing backend (issue 21), against a fake backend on 127.0.0.1 that publishes a real JWKS
 * (keys made here, rotated by the tests) and runs the login bridge: it verifies our signatures the way the README
 * tells a receiver to, and can fail, hang or be down.
 */

const ISSUER = 'https://accounts.example.test';
const AUDIENCE = 'wxmall-shop';
const BRIDGE_SECRET = 'bridge-secret-0123456789-abcdefghijklmnop';
const COOLDOWN_MS = 30_000;
const MAX_AGE_MS = 600_000;
const BRIDGE_TIMEOUT_MS = 400;

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function makeKey(alg: 'RS256' | 'ES256', kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** The README's receiver check, written out independently of our signing code. */
function signatureValid(req: FakeRequest, secret: string, nowSeconds: number): boolean {
  const parts = String(req.headers['x-wxmall-signature'] ?? '')
    .split(',')
    .map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1] ?? '';
  if (!/^\d+$/.test(t) || Math.abs(nowSeconds - Number(t)) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${req.rawBody}`).digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

describe('identities from an existing backend', () => {
  let t: TestApp;
  let backend: FakeHttpServer;
  let published: SigningKey[];
  let keyA: SigningKey;
  /** The backend's users by openid: it links by openid, so a repeated call gets the same answer. */
  const accounts = new Map<string, string>();
  let bridgeMode: 'up' | 'down' | 'hang' | 'refuse' = 'up';
  const bridgeCalls: { openid: string; signatureValid: boolean; body: any }[] = [];

  const jwksCalls = () => backend.callsTo('/.well-known/jwks.json').length;

  async function token(key: SigningKey, claims: JWTPayload = {}, opts: { kid?: string | null; alg?: string } = {}): Promise<string> {
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const header: { alg: string; kid?: string } = { alg: opts.alg ?? key.alg };
    if (opts.kid !== null) header.kid = opts.kid ?? key.kid;
    const payload = { iss: ISSUER, aud: AUDIENCE, sub: `ext-${randomUUID()}`, iat: now, exp: now + 3600, ...claims };
    const jwt = new SignJWT(Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)));
    return jwt.setProtectedHeader(header).sign(key.privateKey);
  }

  const me = (tok: string) => t.http.get('/api/v1/me', { token: tok });

  beforeAll(async () => {
    keyA = await makeKey('RS256');
    published = [keyA, await makeKey('ES256')];
    backend = await new FakeHttpServer().start();
    backend.route('GET', '/.well-known/jwks.json', () => ({ body: { keys: published.map((k) => k.jwk) } }));
    backend.route('POST', '/wxmall/login', async (req) => {
      // The backend's clock is the app's (tests move it by hours).
      const valid = signatureValid(req, BRIDGE_SECRET, t.clock.now().getTime() / 1000);
      bridgeCalls.push({ openid: req.body?.openid, signatureValid: valid, body: req.body });
      if (!valid) return { status: 401, body: { error: 'bad signature' } };
      if (bridgeMode === 'down') return { status: 503, body: { error: 'maintenance' } };
      if (bridgeMode === 'hang') return { status: 200, body: { userId: 'late' }, delayMs: BRIDGE_TIMEOUT_MS * 5 };
      if (bridgeMode === 'refuse') return { status: 403, body: { error: 'no' } };
      const openid = req.body.openid as string;
      if (!accounts.has(openid)) accounts.set(openid, `acct-${accounts.size + 1}-${openid}`);
      return { body: { userId: accounts.get(openid) } };
    });
    t = await startTestApp({
      env: {
        EXTERNAL_JWT_JWKS_URL: `${backend.url}/.well-known/jwks.json`,
        EXTERNAL_JWT_ISSUER: ISSUER,
        EXTERNAL_JWT_AUDIENCE: AUDIENCE,
        EXTERNAL_JWT_ALGORITHMS: 'RS256,ES256',
        EXTERNAL_JWKS_MAX_AGE: `${MAX_AGE_MS / 1000}s`,
        EXTERNAL_JWKS_COOLDOWN: `${COOLDOWN_MS / 1000}s`,
        LOGIN_BRIDGE_URL: `${backend.url}/wxmall/login`,
        LOGIN_BRIDGE_SECRET: BRIDGE_SECRET,
        LOGIN_BRIDGE_TIMEOUT_MS: String(BRIDGE_TIMEOUT_MS),
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await backend?.close();
  });

  describe('its JWTs', () => {
    it('are refused with 503 while no key set could be fetched, asking the backend at most once per cooldown', async () => {
      backend.failNext('GET', '/.well-known/jwks.json', { status: 500, body: { error: 'down' } });
      const tok = await token(keyA);
      const before = jwksCalls();
      expect((await me(tok)).body.code).toBe('EXTERNAL_IDENTITY_UNAVAILABLE');
      expect((await me(tok)).status).toBe(503);
      expect(jwksCalls()).toBe(before + 1);
      t.clock.advance(COOLDOWN_MS);
      expect((await me(tok)).status).toBe(200);
      expect(jwksCalls()).toBe(before + 2);
    });

    it('identify a shopper by sub, shown in /me, created once however many first requests race', async () => {
      const sub = `ext-${randomUUID()}`;
      const tok = await token(keyA, { sub });
      const results = await Promise.all(Array.from({ length: 20 }, () => me(tok)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const ids = new Set(results.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      expect(results[0]!.body.externalId).toBe(sub);
      const rows = await t.sql('SELECT id, openid FROM `user` WHERE external_id = ?', [sub]);
      expect(rows).toEqual([{ id: [...ids][0], openid: null }]);
      // The ES256 key of the set works too, for the same shopper.
      const es = await token(published[1]!, { sub });
      expect((await me(es)).body.id).toBe([...ids][0]);
    });

    it('refuse every defect with a clear 401, creating nobody', async () => {
      const users = async () => (await t.sql<{ n: number }>('SELECT COUNT(*) AS n FROM `user`'))[0]!.n;
      const before = await users();
      const now = Math.floor(t.clock.now().getTime() / 1000);
      const stranger = await makeKey('RS256', keyA.kid);
      const rsa = (await generateKeyPair('PS256', { extractable: true })).privateKey;
      const publicPem = JSON.stringify(keyA.jwk);
      const cases: [string, string | Promise<string>, string, string?][] = [
        ['wrong issuer', token(keyA, { iss: 'https://evil.example' }), 'EXTERNAL_TOKEN_INVALID', 'issuer'],
        ['wrong audience', token(keyA, { aud: 'another-app' }), 'EXTERNAL_TOKEN_INVALID', 'audience'],
        ['expired', token(keyA, { iat: now - 7200, exp: now - 3600 }), 'TOKEN_EXPIRED'],
        ['not yet valid', token(keyA, { nbf: now + 3600 }), 'EXTERNAL_TOKEN_INVALID', 'not_yet_valid'],
        ['issued in the future', token(keyA, { iat: now + 3600, exp: now + 7200 }), 'EXTERNAL_TOKEN_INVALID', 'not_yet_valid'],
        ['no exp', token(keyA, { exp: undefined }), 'EXTERNAL_TOKEN_INVALID', 'claims'],
        ['no sub', token(keyA, { sub: undefined }), 'EXTERNAL_TOKEN_INVALID', 'claims'],
        ['signed by a key the backend does not hold', token(stranger), 'EXTERNAL_TOKEN_INVALID', 'signature'],
        ['an unpublished kid', token(await makeKey('RS256')), 'EXTERNAL_TOKEN_KEY_UNKNOWN'],
        [
          'alg none',
          Promise.resolve(new UnsecuredJWT({ sub: 'x', exp: now + 60 }).setIssuer(ISSUER).setAudience(AUDIENCE).encode()),
          'EXTERNAL_TOKEN_INVALID',
          'algorithm',
        ],
        [
          'HS256 keyed with the public key (algorithm confusion)',
          new SignJWT({ sub: 'x' })
            .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setExpirationTime(now + 60)
            .sign(new TextEncoder().encode(publicPem)),
          'EXTERNAL_TOKEN_INVALID',
          'algorithm',
        ],
        [
          'an algorithm not configured (PS256)',
          new SignJWT({ sub: 'x' })
            .setProtectedHeader({ alg: 'PS256', kid: keyA.kid })
            .setIssuer(ISSUER)
            .setAudience(AUDIENCE)
            .setExpirationTime(now + 60)
            .sign(rsa),
          'EXTERNAL_TOKEN_INVALID',
          'algorithm',
        ],
        ['a tampered payload', tamper(await token(keyA)), 'EXTERNAL_TOKEN_INVALID', 'signature'],
      ];
      for (const [name, pending, code, reason] of cases) {
        const res = await me(await pending);
        expect({ name, status: res.status, code: res.body.code, reason: res.body.details?.reason }).toEqual({
          name,
          status: 401,
          code,
          reason,
        });
      }
      expect(await users()).toBe(before);
    });

    it('honour a rotation: a new kid is fetched (once per cooldown), a retired key stops working after the max age', async () => {
      const sub = `ext-${randomUUID()}`;
      const keyB = await makeKey('RS256');
      published = [...published, keyB];
      t.clock.advance(COOLDOWN_MS);
      let calls = jwksCalls();
      expect((await me(await token(keyB, { sub }))).status).toBe(200);
      expect(jwksCalls()).toBe(calls + 1);

      // Made-up kids within the cooldown: refused without asking the backend again.
      calls = jwksCalls();
      const forged = await Promise.all(Array.from({ length: 10 }, async () => me(await token(await makeKey('RS256')))));
      expect(forged.map((r) => r.body.code)).toEqual(Array(10).fill('EXTERNAL_TOKEN_KEY_UNKNOWN'));
      expect(jwksCalls()).toBe(calls);
      // After the cooldown, ten at once cost one fetch.
      t.clock.advance(COOLDOWN_MS);
      const again = await Promise.all(Array.from({ length: 10 }, async () => me(await token(await makeKey('RS256')))));
      expect(again.map((r) => r.body.code)).toEqual(Array(10).fill('EXTERNAL_TOKEN_KEY_UNKNOWN'));
      expect(jwksCalls()).toBe(calls + 1);

      // keyA retired: its tokens work until the set is older than the max age, then are refused.
      published = published.filter((k) => k !== keyA);
      const old = await token(keyA, { sub });
      expect((await me(old)).status).toBe(200);
      t.clock.advance(MAX_AGE_MS);
      const res = await me(await token(keyA, { sub }));
      expect([res.status, res.body.code]).toEqual([401, 'EXTERNAL_TOKEN_KEY_UNKNOWN']);
      expect((await me(await token(keyB, { sub }))).status).toBe(200);
    });

    it('show the link to admins: customer detail, and a list filter by the whole external id', async () => {
      const sub = `ext-${randomUUID()}`;
      const { body: shopper } = await me(await token(published[published.length - 1]!, { sub }));
      const admin = await t.loginAdmin();
      const list = await t.http.get(`/api/v1/admin/customers?externalId=${encodeURIComponent(sub)}`, { token: admin });
      expect(list.body.items.map((c: { id: number; openid: string | null }) => [c.id, c.openid])).toEqual([[shopper.id, null]]);
      const detail = await t.http.get(`/api/v1/admin/customers/${shopper.id}`, { token: admin });
      expect(detail.body.externalId).toBe(sub);
    });

    it('leave our own tokens as they were', async () => {
      const { token: own, userId } = await loginQuietly();
      const res = await me(own);
      expect([res.status, res.body.id]).toEqual([200, userId]);
    });
  });

  describe('the login bridge', () => {
    const runner = () => t.app.get(JobRunner);
    const jobsOf = (userId: number) =>
      t.sql<{ status: string; attempts: number; last_error: string | null }>(
        "SELECT status, attempts, last_error FROM job WHERE type = 'login-bridge.link' AND dedupe_key = ?",
        [`login-bridge.link:${userId}`],
      );

    it('links the shopper at login with a signed call; a later login asks no more', async () => {
      bridgeMode = 'up';
      const openid = `o_bridge_${randomUUID().slice(0, 8)}`;
      const res = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
      expect(res.status).toBe(200);
      expect(res.body.user.externalId).toBe(accounts.get(openid));
      const calls = bridgeCalls.filter((c) => c.openid === openid);
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ signatureValid: true, body: { type: 'wechat.login', wxmallUserId: res.body.user.id, openid } });
      expect((await me(res.body.token)).body.externalId).toBe(accounts.get(openid));

      await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
      // The job written before the call finds the shopper linked: nothing more to ask.
      t.clock.advance(61_000);
      await runner().drain();
      expect(bridgeCalls.filter((c) => c.openid === openid)).toHaveLength(1);
      expect(await jobsOf(res.body.user.id)).toEqual([{ status: 'done', attempts: 1, last_error: null }]);

      // The backend's token for that user id is the same shopper.
      const tok = await token(
        published.find((k) => k.alg === 'RS256')!,
        { sub: accounts.get(openid) },
      );
      expect((await me(tok)).body.id).toBe(res.body.user.id);
    });

    it('never blocks a login while the backend is down or hangs; the job links later, once', async () => {
      for (const mode of ['down', 'hang'] as const) {
        bridgeMode = mode;
        const openid = `o_${mode}_${randomUUID().slice(0, 8)}`;
        const started = Date.now();
        const first = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
        expect(Date.now() - started).toBeLessThan(BRIDGE_TIMEOUT_MS + 3000);
        expect([first.status, first.body.user.externalId]).toEqual([200, null]);
        // Logging in again while it is down: still fine, still one job.
        const second = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
        expect(second.status).toBe(200);
        const userId = first.body.user.id as number;
        expect(await jobsOf(userId)).toHaveLength(1);

        bridgeMode = 'up';
        t.clock.advance(61_000);
        await runner().drain();
        expect((await me(first.body.token)).body.externalId).toBe(accounts.get(openid));
        expect(await jobsOf(userId)).toEqual([expect.objectContaining({ status: 'done' })]);
        // Draining again (a duplicate run) asks nothing more.
        const calls = bridgeCalls.filter((c) => c.openid === openid).length;
        t.clock.advance(3_600_000);
        await runner().drain();
        expect(bridgeCalls.filter((c) => c.openid === openid)).toHaveLength(calls);
        expect(bridgeCalls.filter((c) => c.openid === openid).every((c) => c.signatureValid)).toBe(true);
      }
    });

    it('retries a 5xx with backoff and ends a refusal dead with its reason', async () => {
      bridgeMode = 'down';
      const openid = `o_retry_${randomUUID().slice(0, 8)}`;
      const { body } = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
      t.clock.advance(61_000);
      await runner().drain();
      expect(await jobsOf(body.user.id)).toEqual([{ status: 'pending', attempts: 1, last_error: expect.stringContaining('HTTP 503') }]);
      bridgeMode = 'refuse';
      t.clock.advance(3_600_000);
      await runner().drain();
      expect(await jobsOf(body.user.id)).toEqual([{ status: 'dead', attempts: 2, last_error: expect.stringContaining('HTTP 403') }]);
      expect((await me(body.token)).body.externalId).toBeNull();
    });

    it('does not merge: an id another shopper holds leaves this one unlinked, the job dead naming it', async () => {
      bridgeMode = 'up';
      const openid = `o_taken_${randomUUID().slice(0, 8)}`;
      // The backend's user was first seen through its token.
      const externalId = `acct-x-${openid}`;
      accounts.set(openid, externalId);
      const holder = await me(
        await token(
          published.find((k) => k.alg === 'RS256')!,
          { sub: externalId },
        ),
      );
      const res = await t.http.post('/api/v1/auth/wx-login', { code: t.wechat.codeFor(openid) });
      expect([res.status, res.body.user.externalId]).toEqual([200, null]);
      expect(res.body.user.id).not.toBe(holder.body.id);
      t.clock.advance(61_000);
      await runner().drain();
      expect(await jobsOf(res.body.user.id)).toEqual([
        { status: 'dead', attempts: 1, last_error: expect.stringContaining(`external user ${externalId} is linked to another shopper`) },
      ]);
    });
  });

  /** A WeChat login while the bridge answers (so nothing waits on it). */
  async function loginQuietly(): Promise<{ token: string; userId: number }> {
    bridgeMode = 'up';
    return t.loginUser();
  }
});

/** The same token with one payload character changed (the signature no longer covers it). */
function tamper(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  payload.sub = `${String(payload.sub)}x`;
  return `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
}
