import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEV_JWT_SECRET, loadConfig, loadDotEnv, MYSQL8_SQL_MODE } from './load-config';

const PROD_OK = {
  NODE_ENV: 'production',
  DATABASE_URL: 'mysql://u:p@db:3306/shop',
  JWT_SECRET: 'x'.repeat(40),
  WX_APPID: 'wx1234567890abcdef',
  WX_SECRET: 'secret',
  PAYMENT_PROVIDER: 'wechat',
  WXPAY_MCHID: '1900000001',
  WXPAY_SERIAL_NO: 'ABC123',
  WXPAY_APIV3_KEY: 'k'.repeat(32),
  WXPAY_NOTIFY_BASE: 'https://shop.example.com',
};

function keys(): { WXPAY_PRIVATE_KEY: string; WXPAY_PUBLIC_KEYS: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    WXPAY_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WXPAY_PUBLIC_KEYS: JSON.stringify({ PUB_KEY_ID_TEST: publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
  };
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
    expect(c.database).toEqual({ kind: 'mysql', url: 'mysql://u:p@db:3306/shop', poolSize: 10, sqlMode: MYSQL8_SQL_MODE });
    expect(c.payments.wechatPay?.publicKeys.PUB_KEY_ID_TEST).toContain('BEGIN PUBLIC KEY');
    expect(c.auth.devLogin).toBe(false);
    expect(c.demoSeed).toBe(false);
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
    expect(c.database).toEqual({ kind: 'mysql', url: 'mariadb://root@localhost/x', poolSize: 25, sqlMode: MYSQL8_SQL_MODE });
    expect(c.auth.devLogin).toBe(false); // dev login defaults on only in embedded demo mode
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
