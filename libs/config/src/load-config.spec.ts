import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  describeConfig,
  DEV_JWT_SECRET,
  loadConfig,
  loadDotEnv,
  MYSQL8_SQL_MODE,
  unannouncedDevelopmentDefaults,
} from './load-config';

const PROD_OK = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://u:p@db:3306/shop',
  JWT_SECRET: 'k7Qz1vR9pXa2LmT4wYe8Nc5Hb3Gu6Jd0Fs+/Ko_Vi-Wq',
  WX_APPID: 'wx1234567890abcdef',
  WX_SECRET: 'secret',
  PAYMENT_PROVIDER: 'wechat',
  WXPAY_MCHID: '1900000001',
  WXPAY_SERIAL_NO: 'ABC123',
  WXPAY_APIV3_KEY: 'k'.repeat(32),
  WXPAY_NOTIFY_BASE: 'https://shop.example.com',
};

let pair: { WXPAY_PRIVATE_KEY: string; WXPAY_PUBLIC_KEYS: string } | undefined;
/** A valid merchant key pair, made once for the file (a 2048-bit pair costs 0.1-0.5 s; no test needs two). */
function keys(): { WXPAY_PRIVATE_KEY: string; WXPAY_PUBLIC_KEYS: string } {
  if (!pair) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    pair = {
      WXPAY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      WXPAY_PUBLIC_KEYS: JSON.stringify({ PUB_KEY_ID_TEST: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    };
  }
  return { ...pair };
}

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it('boots a bare machine in embedded demo mode with dev defaults', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.database.kind).toBe('embedded');
    expect(c.payments.provider).toBe('mock');
    expect(c.auth.devLogin).toBe(true);
    expect(c.auth.jwtSecret).toBe(DEV_JWT_SECRET);
    expect(c.demoSeed).toBe(true);
    expect(c.auth.adminBootstrap?.username).toBe('admin');
    expect(Object.isFrozen(c) && Object.isFrozen(c.business)).toBe(true);
  });

  it('accepts a complete production configuration', () => {
    const c = loadConfig({ ...PROD_OK, ...keys() });
    expect(c.env).toBe('production');
    expect(c.database).toEqual({
      kind: 'mysql',
      url: 'mysql://u:p@db:3306/shop',
      poolSize: 10,
      connectTimeoutMs: 5000,
      queryTimeoutMs: 10_000,
      acquireTimeoutMs: 8000,
      queueLimit: 1000,
      sqlMode: MYSQL8_SQL_MODE,
      replicas: { urls: [], maxLagMs: 1000, checkMs: 500 },
    });
    expect(c.payments.wechatPay?.publicKeys.PUB_KEY_ID_TEST).toContain('BEGIN PUBLIC KEY');
    expect(c.auth.devLogin).toBe(false);
    expect(c.demoSeed).toBe(false);
    expect(c.docsEnabled).toBe(false);
    expect(c.serve).toBe('all');
  });

  it('accepts the open-API service over http in tokenless mode, and loopback sidecars', () => {
    const tokenless = { ...PROD_OK, ...keys(), WX_API_TOKENLESS: 'true', WX_SECRET: '', WX_API_BASE: 'http://api.weixin.qq.com' };
    expect(problems(tokenless)).toEqual([]);
    expect(problems({ ...PROD_OK, ...keys(), WXPAY_BASE_URL: 'http://127.0.0.1:8081', WX_API_BASE: 'http://localhost:9' })).toEqual([]);
    expect(problems({ ...PROD_OK, ...keys(), DOCS_ENABLED: 'true' })).toEqual([]);
  });

  it.each([
    ['the default JWT secret', { JWT_SECRET: DEV_JWT_SECRET }, 'JWT_SECRET'],
    ['a missing JWT secret', { JWT_SECRET: '' }, 'JWT_SECRET'],
    ['a short JWT secret', { JWT_SECRET: 'short-but-16chars' }, 'JWT_SECRET'],
    ['mock payments', { PAYMENT_PROVIDER: 'mock' }, 'PAYMENT_PROVIDER'],
    ['the embedded database', { DATABASE_URL: '' }, 'DATABASE_URL'],
    ['dev login', { DEV_LOGIN: 'true' }, 'DEV_LOGIN'],
    ['the demo seed', { DEMO_SEED: 'true' }, 'DEMO_SEED'],
    ['missing WeChat Pay keys', { WXPAY_APIV3_KEY: '' }, 'WXPAY_APIV3_KEY'],
    ['a plain-http notify URL', { WXPAY_NOTIFY_BASE: 'http://shop.example.com' }, 'WXPAY_NOTIFY_BASE'],
    ['a plain-http WeChat Pay API', { WXPAY_BASE_URL: 'http://api.mch.weixin.qq.com' }, 'WXPAY_BASE_URL'],
    ['a plain-http WeChat API', { WX_API_BASE: 'http://api.weixin.qq.com' }, 'WX_API_BASE'],
    ['another plain-http base in tokenless mode', { WX_API_TOKENLESS: 'true', WX_API_BASE: 'http://wx-proxy.internal' }, 'WX_API_BASE'],
    ['a repeated JWT secret', { JWT_SECRET: 'x'.repeat(40) }, 'JWT_SECRET'],
    ['a repeated JWT pattern', { JWT_SECRET: 'Xk9#mP2$vL5@qR8!'.repeat(3) }, 'JWT_SECRET'],
    ['a short-alphabet JWT secret', { JWT_SECRET: '0110100111010010110100101101001011010' }, 'JWT_SECRET'],
    ['a 32-digit hex JWT secret', { JWT_SECRET: '3f9a0c2e7b1d4a6f8e0b2c4d6a8f1e3b' }, 'JWT_SECRET'],
    ['the .env.example JWT placeholder', { JWT_SECRET: 'change-me-change-me-change-me-change-me' }, 'JWT_SECRET'],
  ])('refuses production with %s', (_, override, key) => {
    const found = problems({ ...PROD_OK, ...keys(), ...override });
    expect(found.some((p) => p.startsWith(`${key}:`))).toBe(true);
  });

  it('names every bad key in one error', () => {
    const found = problems({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      LOG_REQUEST_CONTEXT: 'sometimes',
      ORDER_PAY_MINUTES: '0',
      WX_GATEWAY_TRUST: 'maybe',
      JWT_TTL: '2 weeks',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual([
      'JWT_TTL',
      'LOG_LEVEL',
      'LOG_REQUEST_CONTEXT',
      'ORDER_PAY_MINUTES',
      'PORT',
      'WX_GATEWAY_TRUST',
    ]);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be an integer, got "eighty"/);
  });

  it('validates WeChat Pay keys and the APIv3 key length', () => {
    const found = problems({
      PAYMENT_PROVIDER: 'wechat',
      WXPAY_MCHID: '1',
      WXPAY_SERIAL_NO: 's',
      WXPAY_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----',
      WXPAY_APIV3_KEY: 'short',
      WXPAY_PUBLIC_KEYS: '{"PUB_KEY_ID_X": 3}',
      WXPAY_NOTIFY_BASE: 'https://x.example.com',
    });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['WXPAY_APIV3_KEY', 'WXPAY_PRIVATE_KEY', 'WXPAY_PUBLIC_KEYS.PUB_KEY_ID_X']);
  });

  it('parses durations, booleans and the mariadb scheme', () => {
    const c = loadConfig({ JWT_TTL: '2h', WX_GATEWAY_TRUST: 'yes', DATABASE_URL: 'mariadb://root@localhost/x', DB_POOL_SIZE: '25' });
    expect(c.auth.jwtTtlSeconds).toBe(7200);
    expect(c.wechat.gatewayTrust).toBe(true);
    expect(c.database).toMatchObject({ kind: 'mysql', url: 'mariadb://root@localhost/x', poolSize: 25 });
    expect(c.auth.devLogin).toBe(false); // dev login defaults on only in embedded demo mode
  });

  it('limits request bodies to 100 KiB unless BODY_LIMIT_KB says otherwise (16 KiB at least)', () => {
    expect(loadConfig({}).bodyLimitKb).toBe(100);
    expect(loadConfig({ BODY_LIMIT_KB: '256' }).bodyLimitKb).toBe(256);
    expect(problems({ BODY_LIMIT_KB: '8' })).toEqual(['BODY_LIMIT_KB: must be between 16 and 10240, got 8']);
  });

  it("sets MySQL 8's sql_mode unless DB_SQL_MODE says otherwise", () => {
    const db = (v?: string) => loadConfig({ DATABASE_URL: 'mysql://root@localhost/x', DB_SQL_MODE: v }).database;
    expect(db()).toMatchObject({ sqlMode: MYSQL8_SQL_MODE });
    expect(db('server')).toMatchObject({ sqlMode: null });
    expect(db('strict_all_tables, no_zero_date')).toMatchObject({ sqlMode: 'STRICT_ALL_TABLES,NO_ZERO_DATE' });
    expect(problems({ DATABASE_URL: 'mysql://root@localhost/x', DB_SQL_MODE: "ANSI'; DROP" })).toEqual([
      'DB_SQL_MODE: must be a comma-separated list of sql_mode flags, or "server"',
    ]);
  });

  it('requires the bootstrap username and password together', () => {
    expect(problems({ ADMIN_BOOTSTRAP_USERNAME: 'boss' })).toEqual([
      'ADMIN_BOOTSTRAP_PASSWORD: ADMIN_BOOTSTRAP_USERNAME and ADMIN_BOOTSTRAP_PASSWORD must be set together',
    ]);
  });

  it('refuses gateway trust on the public notify service, in every environment', () => {
    expect(problems({ SERVE: 'notify', WX_GATEWAY_TRUST: 'true' })).toEqual([
      'WX_GATEWAY_TRUST: must be false with SERVE=notify (that service has public access: x-wx-* headers can be forged)',
    ]);
    expect(loadConfig({ SERVE: 'notify' }).serve).toBe('notify');
    expect(problems({ SERVE: 'everything' }).map((p) => p.split(':')[0])).toEqual(['SERVE']);
  });

  it('keeps business days in SHOP_TIMEZONE (Asia/Shanghai by default), an IANA zone the runtime knows', () => {
    expect(loadConfig({}).business.shopTimeZone).toBe('Asia/Shanghai');
    expect(loadConfig({ SHOP_TIMEZONE: 'America/New_York' }).business.shopTimeZone).toBe('America/New_York');
    expect(loadConfig({ SHOP_TIMEZONE: 'UTC' }).business.shopTimeZone).toBe('UTC');
    for (const bad of ['+08:00', 'CST', 'Asia/Nowhere', 'asia shanghai']) {
      expect(problems({ SHOP_TIMEZONE: bad }).map((p) => p.split(':')[0])).toEqual(['SHOP_TIMEZONE']);
    }
    expect(loadConfig({}).reports.exportDirectMaxRows).toBe(50_000);
  });

  it('serves /docs outside production unless told otherwise', () => {
    expect(loadConfig({}).docsEnabled).toBe(true);
    expect(loadConfig({ DOCS_ENABLED: 'false' }).docsEnabled).toBe(false);
    expect(loadConfig({ ...PROD_OK, ...keys(), DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
  });

  it('announces the development defaults when a real database runs without NODE_ENV', () => {
    const env = { DATABASE_URL: 'mysql://u:p@db:3306/shop' };
    expect(unannouncedDevelopmentDefaults(loadConfig(env), env)).toEqual([
      'JWT_SECRET: the public development secret signs tokens',
      'PAYMENT_PROVIDER=mock: orders can be marked paid without payment',
      'DOCS_ENABLED: /docs is public',
      'METRICS_TOKEN unset: /metrics is public',
    ]);
    const chosen = { ...env, NODE_ENV: 'development' };
    expect(unannouncedDevelopmentDefaults(loadConfig(chosen), chosen)).toBeUndefined();
    expect(unannouncedDevelopmentDefaults(loadConfig({}), {})).toBeUndefined(); // the embedded demo is what it says
  });

  it('hashes passwords at the OWASP scrypt baseline outside tests', () => {
    expect(loadConfig({}).auth.scrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(loadConfig({ ...PROD_OK, ...keys() }).auth.scrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(loadConfig({ NODE_ENV: 'test' }).auth.scrypt.N).toBe(2 ** 12);
  });

  it('reads rate limits, admin token lifetime, Redis and the client address header', () => {
    const defaults = loadConfig({});
    expect(defaults.rateLimits).toEqual({
      login: { max: 20, windowMs: 60_000 },
      adminLogin: { max: 10, windowMs: 60_000 },
      orders: { max: 30, windowMs: 60_000 },
    });
    expect(defaults.auth.adminJwtTtlSeconds).toBe(12 * 3600);
    expect(defaults.redis).toBeUndefined();
    expect(defaults.clientIpHeader).toBe('x-forwarded-for');
    const c = loadConfig({
      RATE_LIMIT_LOGIN: '5/30s',
      RATE_LIMIT_ORDERS: 'off',
      ADMIN_JWT_TTL: '2h',
      REDIS_URL: 'redis://:pw@cache:6379/2',
      CLIENT_IP_HEADER: 'X-Original-Forwarded-For',
    });
    expect(c.rateLimits.login).toEqual({ max: 5, windowMs: 30_000 });
    expect(c.rateLimits.orders).toBeNull();
    expect(c.auth.adminJwtTtlSeconds).toBe(7200);
    expect(c.redis).toEqual({ url: 'redis://:pw@cache:6379/2', keyPrefix: 'wxmall:' });
    expect(c.clientIpHeader).toBe('x-original-forwarded-for');
    expect(
      problems({ RATE_LIMIT_LOGIN: '20 per minute', REDIS_URL: 'http://cache', RATE_LIMIT_ADMIN_LOGIN: '0/1m' }).map(
        (p) => p.split(':')[0],
      ),
    ).toEqual(['REDIS_URL', 'RATE_LIMIT_LOGIN', 'RATE_LIMIT_ADMIN_LOGIN']);
  });

  it('reads the read replicas, refuses bad ones and keeps their passwords out of the description', () => {
    const primary = { DATABASE_URL: 'mysql://u:p@db:3306/shop' };
    const c = loadConfig({
      ...primary,
      DATABASE_REPLICA_URLS: ' mysql://u:secret@ro1:3306/shop, mariadb://u:secret@ro2/shop ',
      REPLICA_MAX_LAG_MS: '2000',
    });
    expect(c.database.kind === 'mysql' && c.database.replicas).toEqual({
      urls: ['mysql://u:secret@ro1:3306/shop', 'mariadb://u:secret@ro2/shop'],
      maxLagMs: 2000,
      checkMs: 500,
    });
    expect(JSON.stringify(describeConfig(c))).not.toContain('secret');
    const keysOf = (env: Record<string, string>) => problems(env).map((p) => p.split(':')[0]);
    expect(keysOf({ ...primary, DATABASE_REPLICA_URLS: 'http://ro1/shop' })).toEqual(['DATABASE_REPLICA_URLS']);
    expect(keysOf({ ...primary, DATABASE_REPLICA_URLS: 'mysql://ro1/a,mysql://ro1/a' })).toEqual(['DATABASE_REPLICA_URLS']);
    expect(keysOf({ ...primary, DATABASE_REPLICA_URLS: 'mysql://ro1/a', REPLICA_MAX_LAG_MS: '1' })).toEqual(['REPLICA_MAX_LAG_MS']);
    expect(keysOf({ DATABASE_REPLICA_URLS: 'mysql://ro1/a' })).toEqual(['DATABASE_REPLICA_URLS']);
  });
});

describe('loadDotEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-env-'));
  const file = join(dir, '.env');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fills keys the environment does not set; the environment wins', () => {
    writeFileSync(file, 'WXMALL_DOTENV_A=from-file\nWXMALL_DOTENV_B=from-file\n');
    const env: Record<string, string | undefined> = { WXMALL_DOTENV_B: 'from-env' };
    expect(loadDotEnv(file, env)).toBe(file);
    expect(env).toEqual({ WXMALL_DOTENV_A: 'from-file', WXMALL_DOTENV_B: 'from-env' });
  });

  it('does nothing without the file', () => {
    expect(loadDotEnv(join(dir, 'missing.env'))).toBeUndefined();
  });
});

/** The existing backend's keys (EXTERNAL_JWT_*, LOGIN_BRIDGE_*): off unless set, complete when set, safe in production. */
const JWT = {
  EXTERNAL_JWT_JWKS_URL: 'https://accounts.example.com/.well-known/jwks.json',
  EXTERNAL_JWT_ISSUER: 'https://accounts.example.com',
  EXTERNAL_JWT_AUDIENCE: 'wxmall',
};
const BRIDGE = {
  LOGIN_BRIDGE_URL: 'https://accounts.example.com/wxmall/login',
  LOGIN_BRIDGE_SECRET: 'q8Vb2nX5mZ1cL7kJ4hG9fD3sA6pO0iU+/yT-wR_eE',
};

describe('external identity configuration', () => {
  it('is off unless set', () => {
    expect(loadConfig({}).externalIdentity).toEqual({ jwt: undefined, loginBridge: undefined });
  });

  it('reads both parts with their defaults', () => {
    const c = loadConfig({ ...PROD_OK, ...keys(), ...JWT, ...BRIDGE }).externalIdentity;
    expect(c.jwt).toEqual({
      jwksUrl: JWT.EXTERNAL_JWT_JWKS_URL,
      issuer: JWT.EXTERNAL_JWT_ISSUER,
      audience: 'wxmall',
      algorithms: ['RS256', 'ES256'],
      jwksMaxAgeMs: 600_000,
      jwksCooldownMs: 30_000,
      jwksTimeoutMs: 3000,
      clockToleranceSeconds: 30,
    });
    expect(c.loginBridge).toEqual({ url: BRIDGE.LOGIN_BRIDGE_URL, secret: BRIDGE.LOGIN_BRIDGE_SECRET, timeoutMs: 1500 });
  });

  it.each<[string, Record<string, string>, string]>([
    ['a JWKS URL without issuer', { EXTERNAL_JWT_JWKS_URL: JWT.EXTERNAL_JWT_JWKS_URL, EXTERNAL_JWT_AUDIENCE: 'a' }, 'EXTERNAL_JWT_ISSUER'],
    [
      'a JWKS URL without audience',
      { EXTERNAL_JWT_JWKS_URL: JWT.EXTERNAL_JWT_JWKS_URL, EXTERNAL_JWT_ISSUER: 'i' },
      'EXTERNAL_JWT_AUDIENCE',
    ],
    ['our own issuer', { ...JWT, EXTERNAL_JWT_ISSUER: 'wxmall' }, 'EXTERNAL_JWT_ISSUER'],
    ['HS256', { ...JWT, EXTERNAL_JWT_ALGORITHMS: 'RS256,HS256' }, 'EXTERNAL_JWT_ALGORITHMS'],
    ['none', { ...JWT, EXTERNAL_JWT_ALGORITHMS: 'none' }, 'EXTERNAL_JWT_ALGORITHMS'],
    ['a bridge URL without secret', { LOGIN_BRIDGE_URL: BRIDGE.LOGIN_BRIDGE_URL }, 'LOGIN_BRIDGE_SECRET'],
    ['a bridge secret without URL', { LOGIN_BRIDGE_SECRET: BRIDGE.LOGIN_BRIDGE_SECRET }, 'LOGIN_BRIDGE_URL'],
    ['a short bridge secret', { ...BRIDGE, LOGIN_BRIDGE_SECRET: 'short' }, 'LOGIN_BRIDGE_SECRET'],
  ])('refuses %s anywhere', (_, env, key) => {
    expect(problems({ ...env })).toEqual([expect.stringMatching(new RegExp(`^${key}`))]);
  });

  it.each<[string, Record<string, string>, string]>([
    ['an http JWKS URL', { ...JWT, EXTERNAL_JWT_JWKS_URL: 'http://accounts.example.com/jwks' }, 'EXTERNAL_JWT_JWKS_URL'],
    ['an http bridge URL', { ...BRIDGE, LOGIN_BRIDGE_URL: 'http://accounts.example.com/login' }, 'LOGIN_BRIDGE_URL'],
    ['a weak bridge secret', { ...BRIDGE, LOGIN_BRIDGE_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, 'LOGIN_BRIDGE_SECRET'],
  ])('refuses %s in production (allowed in development)', (_, env, key) => {
    expect(problems({ ...PROD_OK, ...keys(), ...env })).toEqual([expect.stringMatching(new RegExp(`^${key}`))]);
    expect(problems({ NODE_ENV: 'development', ...env })).toEqual([]);
  });
});
