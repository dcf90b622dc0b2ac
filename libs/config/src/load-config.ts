import { createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import type {
  AppConfig,
  DatabaseConfig,
  ExternalIdentityConfig,
  ExternalJwtAlgorithm,
  NodeEnv,
  PaymentProviderName,
  RateLimit,
  ReplicaConfig,
  ServeMode,
  WechatPayConfig,
  WechatTransferConfig,
} from './app-config';
import { secretWeakness } from './secret-strength';

export const DEV_JWT_SECRET = 'wxmall-dev-only-secret-do-not-use-in-production';
/** The owner account the embedded demo creates when ADMIN_BOOTSTRAP_* are not set (printed by the start banner). */
export const DEMO_ADMIN = { username: 'admin', password: 'wxmall-demo' } as const;
/** What EXTERNAL_JWT_ALGORITHMS may list: asymmetric only (a public JWKS cannot verify an HMAC; `none` verifies nothing). */
const EXTERNAL_JWT_ALGORITHMS: readonly ExternalJwtAlgorithm[] = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
/**
 * MySQL 8.0's default `sql_mode`, set on every connection unless DB_SQL_MODE says otherwise: MariaDB's default
 * lacks ONLY_FULL_GROUP_BY and the zero-date checks, so queries production would refuse pass here otherwise.
 */
export const MYSQL8_SQL_MODE =
  'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads keys one by one, collecting every problem so one boot reports them all. */
class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(key: string): string | undefined {
    const v = this.env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  fail(key: string, why: string): undefined {
    this.problems.push(`${key}: ${why}`);
    return undefined;
  }

  str(key: string, fallback: string, opts: { min?: number; max?: number; pattern?: RegExp } = {}): string {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (opts.min !== undefined && v.length < opts.min) return this.fail(key, `must be at least ${opts.min} characters`) ?? fallback;
    if (opts.max !== undefined && v.length > opts.max) return this.fail(key, `must be at most ${opts.max} characters`) ?? fallback;
    if (opts.pattern && !opts.pattern.test(v)) return this.fail(key, `must match ${String(opts.pattern)}`) ?? fallback;
    return v;
  }

  optStr(key: string, opts: { min?: number; max?: number } = {}): string | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    return this.str(key, v, opts);
  }

  int(key: string, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (!/^-?\d+$/.test(v)) return this.fail(key, `must be an integer, got "${v}"`) ?? fallback;
    const n = Number(v);
    if (n < min || n > max) return this.fail(key, `must be between ${min} and ${max}, got ${n}`) ?? fallback;
    return n;
  }

  bool(key: string, fallback: boolean): boolean {
    const v = this.raw(key)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    return this.fail(key, `must be true or false, got "${v}"`) ?? fallback;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) return this.fail(key, `must be one of ${allowed.join(', ')}, got "${v}"`) ?? fallback;
    return v as T;
  }

  url(key: string, fallback: string, protocols: readonly string[]): string {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) return this.fail(key, `must use ${protocols.join(' or ')}`) ?? fallback;
      return v.replace(/\/+$/, '');
    } catch {
      return this.fail(key, 'must be a valid URL') ?? fallback;
    }
  }

  /** An IANA time zone name the runtime knows (Asia/Shanghai); offsets and abbreviations are refused. */
  timeZone(key: string, fallback: string): string {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+){1,2}$/.test(v) && v !== 'UTC')
      return this.fail(key, `must be an IANA time zone like Asia/Shanghai, got "${v}"`) ?? fallback;
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: v }).resolvedOptions().timeZone;
    } catch {
      return this.fail(key, `is not a time zone this runtime knows: "${v}"`) ?? fallback;
    }
  }

  /** Seconds from "3600", "90s", "15m", "2h", "7d". */
  duration(key: string, fallback: number, min: number, max: number): number {
    const v = this.raw(key);
    if (v === undefined) return fallback;
    const m = /^(\d+)\s*([smhd]?)$/.exec(v);
    if (!m) return this.fail(key, `must be a duration like 3600, 15m, 2h or 7d, got "${v}"`) ?? fallback;
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    const seconds = Number(m[1]) * unit;
    if (seconds < min || seconds > max) return this.fail(key, `must be between ${min}s and ${max}s`) ?? fallback;
    return seconds;
  }

  /** A request budget "<max>/<duration>" (e.g. 20/1m), or "off". */
  rateLimit(key: string, value: string): RateLimit | null {
    if (value.toLowerCase() === 'off') return null;
    const m = /^(\d+)\s*\/\s*(\d+)\s*([smh]?)$/.exec(value);
    const unit = m ? { '': 1, s: 1, m: 60, h: 3600 }[m[3] as '' | 's' | 'm' | 'h'] : 0;
    const max = m ? Number(m[1]) : 0;
    const seconds = m ? Number(m[2]) * unit : 0;
    if (!m || max < 1 || max > 1_000_000 || seconds < 1 || seconds > 86400) {
      return this.fail(key, `must be "<max>/<window>" like 20/1m (max 1-1000000, window 1s-24h) or "off", got "${value}"`) ?? null;
    }
    return { max, windowMs: seconds * 1000 };
  }

  /** PEM text, or a path to a file holding it (secrets are often mounted as files). */
  pem(key: string, value: string | undefined, kind: 'private' | 'public'): string | undefined {
    if (value === undefined) return undefined;
    let text = value.replace(/\\n/g, '\n');
    if (!text.includes('-----BEGIN')) {
      if (!existsSync(text)) return this.fail(key, 'must be PEM text or the path of a readable PEM file');
      text = readFileSync(text, 'utf8');
    }
    try {
      if (kind === 'private') createPrivateKey(text);
      else createPublicKey(text);
      return text;
    } catch {
      return this.fail(key, `does not hold a valid ${kind} key`);
    }
  }
}

/**
 * Nest's convention: a `.env` file in the working directory fills in the keys the environment does not set
 * (the environment wins), as `node --env-file` would. Returns the file loaded, if any.
 */
export function loadDotEnv(file = '.env', env: Record<string, string | undefined> = process.env): string | undefined {
  if (!existsSync(file)) return undefined;
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}

/**
 * Validates the environment into a frozen, typed config. Throws ConfigError naming every bad key.
 * Production refuses the development defaults (secret, mock payments, embedded database, dev login).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf<NodeEnv>('NODE_ENV', ['development', 'test', 'production'], 'development');
  const prod = nodeEnv === 'production';
  const serve = r.oneOf<ServeMode>('SERVE', ['all', 'notify'], 'all');

  const databaseUrl = r.raw('DATABASE_URL');
  let database: DatabaseConfig;
  if (databaseUrl !== undefined) {
    const url = r.url('DATABASE_URL', databaseUrl, ['mysql:', 'mariadb:']);
    database = {
      kind: 'mysql',
      url,
      poolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
      connectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 60_000),
      // Room for lock waits on hot rows (hundreds of buyers queue on one SKU) while a frozen server still
      // fails requests well inside callContainer's 15 s.
      queryTimeoutMs: r.int('DB_QUERY_TIMEOUT_MS', 10_000, 100, 600_000),
      acquireTimeoutMs: r.int('DB_ACQUIRE_TIMEOUT_MS', 8000, 100, 60_000),
      queueLimit: r.int('DB_QUEUE_LIMIT', 1000, 0, 100_000),
      sqlMode: readSqlMode(r),
      replicas: readReplicas(r),
    };
  } else {
    if (r.raw('DATABASE_REPLICA_URLS') !== undefined) r.fail('DATABASE_REPLICA_URLS', 'needs DATABASE_URL (the primary)');
    const dataDir = r.str('DATA_DIR', '.data');
    database = { kind: 'embedded', file: join(dataDir, 'wxmall.sqlite') };
    if (prod) r.fail('DATABASE_URL', 'is required in production (the embedded database is for the local demo only)');
  }
  const embedded = database.kind === 'embedded';

  const jwtSecret = r.str('JWT_SECRET', DEV_JWT_SECRET, { min: 16 });
  if (prod) {
    const weakness = jwtSecret === DEV_JWT_SECRET ? 'is the development default' : secretWeakness(jwtSecret);
    if (weakness) r.fail('JWT_SECRET', `${weakness}: production needs a random secret (e.g. openssl rand -base64 48)`);
  }
  const devLogin = r.bool('DEV_LOGIN', embedded && !prod);
  if (prod && devLogin) r.fail('DEV_LOGIN', 'POST /auth/dev-login must not be enabled in production');

  const bootstrapUser = r.optStr('ADMIN_BOOTSTRAP_USERNAME', { min: 3, max: 64 });
  const bootstrapPassword = r.optStr('ADMIN_BOOTSTRAP_PASSWORD', { min: prod ? 12 : 8, max: 128 });
  if ((bootstrapUser === undefined) !== (bootstrapPassword === undefined) && r.problems.length === 0) {
    r.fail('ADMIN_BOOTSTRAP_PASSWORD', 'ADMIN_BOOTSTRAP_USERNAME and ADMIN_BOOTSTRAP_PASSWORD must be set together');
  }
  let adminBootstrap: AppConfig['auth']['adminBootstrap'];
  if (bootstrapUser && bootstrapPassword) adminBootstrap = { username: bootstrapUser, password: bootstrapPassword };
  else if (embedded && !prod) adminBootstrap = { ...DEMO_ADMIN };

  const tokenless = r.bool('WX_API_TOKENLESS', false);
  const gatewayTrust = r.bool('WX_GATEWAY_TRUST', false);
  if (serve === 'notify' && gatewayTrust) {
    r.fail('WX_GATEWAY_TRUST', 'must be false with SERVE=notify (that service has public access: x-wx-* headers can be forged)');
  }
  const appId = r.str('WX_APPID', 'wx0000000000000000', { pattern: /^wx[0-9A-Za-z]{16}$/ });
  const secret = r.str('WX_SECRET', '', { max: 64 });
  if (prod && r.raw('WX_APPID') === undefined) r.fail('WX_APPID', 'is required in production');
  if (prod && !tokenless && secret === '') r.fail('WX_SECRET', 'is required in production unless WX_API_TOKENLESS=true');

  const provider = r.oneOf<PaymentProviderName>('PAYMENT_PROVIDER', ['wechat', 'mock'], prod ? 'wechat' : 'mock');
  if (prod && provider === 'mock') r.fail('PAYMENT_PROVIDER', 'mock payments are refused in production');
  const wechatPay = provider === 'wechat' ? readWechatPay(r, prod) : undefined;
  const apiBase = r.url('WX_API_BASE', 'https://api.weixin.qq.com', ['https:', 'http:']);
  // Cloud Hosting's open-API service is plain http inside the platform's network, and tokenless only.
  if (prod && !secureBase(apiBase) && !(tokenless && apiBase === OPEN_API_SERVICE)) {
    r.fail('WX_API_BASE', `must be https in production (http only for ${OPEN_API_SERVICE} with WX_API_TOKENLESS=true)`);
  }

  const redisUrl = r.raw('REDIS_URL') === undefined ? undefined : r.url('REDIS_URL', '', ['redis:', 'rediss:']);

  const jobsToken = r.optStr('JOBS_TRIGGER_TOKEN', { min: 16, max: 256 });
  const demoSeed = r.bool('DEMO_SEED', embedded && !prod);
  if (prod && demoSeed) r.fail('DEMO_SEED', 'the demo catalog must not be seeded in production');

  const contentMode = r.oneOf('CONTENT_SECURITY', ['wechat', 'off'] as const, embedded && !prod ? 'off' : 'wechat');
  if (prod && contentMode === 'off') r.fail('CONTENT_SECURITY', 'user content must be checked by WeChat in production');
  const imageHosts = (r.raw('CONTENT_IMAGE_HOSTS') ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of imageHosts) if (!/^[a-z0-9.-]{1,253}$/.test(h)) r.fail('CONTENT_IMAGE_HOSTS', `"${h}" is not a host name`);
  const pushToken = r.optStr('WX_PUSH_TOKEN', { min: 3, max: 32 });
  const pushAesKey = r.optStr('WX_PUSH_AES_KEY', { min: 43, max: 43 });
  if (pushAesKey && !pushToken) r.fail('WX_PUSH_AES_KEY', 'needs WX_PUSH_TOKEN (safe mode signs and encrypts)');

  const config: AppConfig = {
    env: nodeEnv,
    serve,
    port: r.int('PORT', 3000, 1, 65535),
    host: r.str('HOST', '0.0.0.0'),
    bodyLimitKb: r.int('BODY_LIMIT_KB', 100, 16, 10_240),
    shutdownGraceMs: r.int('SHUTDOWN_GRACE_MS', 25_000, 1000, 600_000),
    docsEnabled: r.bool('DOCS_ENABLED', !prod),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logRequestContext: r.oneOf('LOG_REQUEST_CONTEXT', ['auto', 'on', 'off'] as const, 'auto'),
    database,
    wechat: {
      appId,
      secret,
      apiBase,
      tokenless,
      gatewayTrust,
      timeoutMs: r.int('WX_API_TIMEOUT_MS', 5000, 100, 60000),
      subscribeTemplates: {
        paid: r.optStr('WX_TEMPLATE_PAID', { max: 128 }),
        shipped: r.optStr('WX_TEMPLATE_SHIPPED', { max: 128 }),
        refunded: r.optStr('WX_TEMPLATE_REFUNDED', { max: 128 }),
      },
    },
    auth: {
      jwtSecret,
      jwtTtlSeconds: r.duration('JWT_TTL', 7 * 86400, 60, 90 * 86400),
      devLogin,
      adminBootstrap,
      adminJwtTtlSeconds: r.duration('ADMIN_JWT_TTL', 12 * 3600, 60, 90 * 86400),
      adminLogin: {
        maxFailures: r.int('ADMIN_LOGIN_MAX_FAILURES', 5, 1, 100),
        delaySeconds: r.duration('ADMIN_LOGIN_DELAY', 60, 1, 3600),
      },
      // OWASP's scrypt baseline; tests hash thousands of passwords, so they use a cheap cost.
      scrypt: { N: nodeEnv === 'test' ? 2 ** 12 : 2 ** 17, r: 8, p: 1 },
      passwordHashConcurrency: r.int('PASSWORD_HASH_CONCURRENCY', 1, 1, 16),
    },
    externalIdentity: readExternalIdentity(r, prod),
    rateLimits: {
      login: r.rateLimit('RATE_LIMIT_LOGIN', r.str('RATE_LIMIT_LOGIN', '20/1m')),
      adminLogin: r.rateLimit('RATE_LIMIT_ADMIN_LOGIN', r.str('RATE_LIMIT_ADMIN_LOGIN', '10/1m')),
      orders: r.rateLimit('RATE_LIMIT_ORDERS', r.str('RATE_LIMIT_ORDERS', '30/1m')),
    },
    redis: redisUrl ? { url: redisUrl, keyPrefix: r.str('REDIS_KEY_PREFIX', 'wxmall:', { max: 64 }) } : undefined,
    clientIpHeader: r.str('CLIENT_IP_HEADER', 'x-forwarded-for', { pattern: /^[A-Za-z0-9-]{1,64}$/ }).toLowerCase(),
    payments: { provider, wechatPay },
    business: {
      orderPayMinutes: r.int('ORDER_PAY_MINUTES', 30, 1, 1440),
      orderAutoConfirmDays: r.int('ORDER_AUTO_CONFIRM_DAYS', 10, 1, 90),
      afterSaleDays: r.int('AFTER_SALE_DAYS', 7, 0, 365),
      returnShipDays: r.int('RETURN_SHIP_DAYS', 7, 1, 60),
      afterSaleAutoApprove: r.bool('AFTER_SALE_AUTO_APPROVE', false),
      shippingFee: r.int('SHIPPING_FEE', 1000, 0, 100_000_00),
      freeShippingThreshold: r.int('FREE_SHIPPING_THRESHOLD', 9900, 0, 1_000_000_00),
      lowStockThreshold: r.int('LOW_STOCK_THRESHOLD', 10, 0, 1_000_000),
      maxUnpaidOrders: r.int('MAX_UNPAID_ORDERS', 5, 0, 1000),
      allowFreeOrders: r.bool('ALLOW_FREE_ORDERS', false),
      pickupUnclaimedDays: r.int('PICKUP_UNCLAIMED_DAYS', 7, 1, 365),
      customerServicePhone: r.str('CUSTOMER_SERVICE_PHONE', '', { max: 32, pattern: /^[0-9+\-() ]*$/ }),
      customerServiceHours: r.str('CUSTOMER_SERVICE_HOURS', '', { max: 64 }),
      shopTimeZone: r.timeZone('SHOP_TIMEZONE', 'Asia/Shanghai'),
    },
    reports: {
      exportDirectMaxRows: r.int('EXPORT_DIRECT_MAX_ROWS', 50_000, 0, 10_000_000),
      // Off under NODE_ENV=test: tests read the dashboard right after each change; the cache's own test turns it on.
      liveMaxAgeMs: r.int('REPORTS_LIVE_MAX_AGE_MS', nodeEnv === 'test' ? 0 : 5000, 0, 60_000),
    },
    contentSecurity: {
      mode: contentMode,
      dedupeSeconds: r.duration('CONTENT_CHECK_DEDUPE', 600, 0, 86400),
      mediaTimeoutSeconds: r.duration('MEDIA_CHECK_TIMEOUT', 3600, 60, 7 * 86400),
      imageHosts,
      pushToken,
      pushAesKey,
    },
    reviews: { reviewDays: r.int('REVIEW_DAYS', 30, 1, 365) },
    settingsRefreshMs: r.int('SETTINGS_REFRESH_MS', 2000, 100, 60_000),
    jobs: {
      inProcess: r.bool('JOBS_IN_PROCESS', true),
      triggerToken: jobsToken,
      pollIntervalMs: r.int('JOBS_POLL_MS', 1000, 50, 60_000),
    },
    webhooks: {
      timeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 5000, 500, 30_000),
      retryForSeconds: r.duration('WEBHOOK_RETRY_FOR', 86400, 60, 7 * 86400),
      disableAfterFailures: r.int('WEBHOOK_DISABLE_AFTER', 50, 1, 10_000),
      secretOverlapSeconds: r.duration('WEBHOOK_SECRET_OVERLAP', 86400, 0, 30 * 86400),
      subscriptionsCacheMs: r.int('WEBHOOK_SUBSCRIPTIONS_CACHE_MS', 5000, 0, 600_000),
      dispatchEveryMs: r.int('WEBHOOK_DISPATCH_MS', 2000, 100, 600_000),
    },
    metricsToken: r.optStr('METRICS_TOKEN', { min: 16, max: 256 }),
    demoSeed,
    catalogCache: {
      // Off under NODE_ENV=test: tests change rows with SQL behind the service's back and read them at once; the cache's
      // own tests turn it on.
      maxBytes: r.int('CATALOG_CACHE_MB', nodeEnv === 'test' ? 0 : 32, 0, 1024) * 1024 * 1024,
      checkMs: r.int('CATALOG_CACHE_CHECK_MS', 500, 50, 60_000),
      maxAgeMs: r.int('CATALOG_CACHE_MAX_AGE_MS', 10_000, 100, 3_600_000),
    },
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function readWechatPay(r: EnvReader, prod: boolean): WechatPayConfig | undefined {
  const required = (key: string): string | undefined => r.raw(key) ?? r.fail(key, 'is required when PAYMENT_PROVIDER=wechat');
  const mchId = required('WXPAY_MCHID');
  const serialNo = required('WXPAY_SERIAL_NO');
  const privateKey = r.pem('WXPAY_PRIVATE_KEY', required('WXPAY_PRIVATE_KEY'), 'private');
  const apiV3Key = required('WXPAY_APIV3_KEY');
  if (apiV3Key !== undefined && Buffer.byteLength(apiV3Key, 'utf8') !== 32) r.fail('WXPAY_APIV3_KEY', 'must be exactly 32 characters');
  const notifyBase = r.url('WXPAY_NOTIFY_BASE', '', prod ? ['https:'] : ['https:', 'http:']);
  if (notifyBase === '') r.fail('WXPAY_NOTIFY_BASE', 'is required when PAYMENT_PROVIDER=wechat');

  const publicKeys: Record<string, string> = {};
  const keysJson = required('WXPAY_PUBLIC_KEYS');
  if (keysJson !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(keysJson);
    } catch {
      r.fail('WXPAY_PUBLIC_KEYS', 'must be JSON like {"PUB_KEY_ID_...": "<PEM or path>"}');
    }
    if (parsed !== undefined) {
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.keys(parsed).length === 0) {
        r.fail('WXPAY_PUBLIC_KEYS', 'must be a non-empty JSON object of serial -> PEM');
      } else {
        for (const [serial, pem] of Object.entries(parsed as Record<string, unknown>)) {
          const text =
            typeof pem === 'string'
              ? r.pem(`WXPAY_PUBLIC_KEYS.${serial}`, pem, 'public')
              : r.fail(`WXPAY_PUBLIC_KEYS.${serial}`, 'must be a string');
          if (text) publicKeys[serial] = text;
        }
      }
    }
  }
  const baseUrl = r.url('WXPAY_BASE_URL', 'https://api.mch.weixin.qq.com', ['https:', 'http:']);
  if (prod && !secureBase(baseUrl)) r.fail('WXPAY_BASE_URL', 'must be https in production');
  if (!mchId || !serialNo || !privateKey || !apiV3Key || notifyBase === '') return undefined;
  return {
    mchId,
    serialNo,
    privateKey,
    apiV3Key,
    publicKeys,
    notifyBase,
    baseUrl,
    timeoutMs: r.int('WXPAY_TIMEOUT_MS', 10000, 100, 60000),
    transfer: readTransfer(r),
  };
}

/** Merchant transfer scene (commission withdrawals); the defaults fit scene 1000 (现金营销). */
function readTransfer(r: EnvReader): WechatTransferConfig {
  const sceneId = r.str('WXPAY_TRANSFER_SCENE_ID', '1000', { pattern: /^\d{1,8}$/ });
  const userRecvPerception = r.str('WXPAY_TRANSFER_PERCEPTION', '现金奖励', { min: 1, max: 64 });
  const remark = r.str('WXPAY_TRANSFER_REMARK', '佣金提现', { min: 1, max: 32 });
  const raw = r.str('WXPAY_TRANSFER_REPORT_INFOS', JSON.stringify({ 活动名称: '分销佣金', 奖励说明: '推广佣金提现' }));
  let reportInfos: { infoType: string; infoContent: string }[] = [];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    reportInfos = Object.entries(parsed as Record<string, unknown>).map(([infoType, infoContent]) => {
      if (typeof infoContent !== 'string' || infoContent === '') throw new Error('values must be non-empty strings');
      return { infoType, infoContent };
    });
  } catch {
    r.fail('WXPAY_TRANSFER_REPORT_INFOS', 'must be a JSON object of info_type -> info_content, e.g. {"活动名称":"分销佣金"}');
  }
  return { sceneId, userRecvPerception, remark, reportInfos };
}

/**
 * An existing backend (README "Identities from an existing backend"): its JWTs as shopper identity when
 * EXTERNAL_JWT_JWKS_URL is set, the login bridge when LOGIN_BRIDGE_URL is set. Production wants https for both
 * (keys or openids over plain http can be read or swapped on the way) and a strong bridge secret.
 */
function readExternalIdentity(r: EnvReader, prod: boolean): ExternalIdentityConfig {
  const protocols = prod ? ['https:'] : ['https:', 'http:'];
  let jwt: ExternalIdentityConfig['jwt'];
  const jwksUrl = r.raw('EXTERNAL_JWT_JWKS_URL') === undefined ? undefined : r.url('EXTERNAL_JWT_JWKS_URL', '', protocols);
  if (jwksUrl !== undefined) {
    const issuer = r.optStr('EXTERNAL_JWT_ISSUER', { max: 512 }) ?? r.fail('EXTERNAL_JWT_ISSUER', 'is required with EXTERNAL_JWT_JWKS_URL');
    const audience =
      r.optStr('EXTERNAL_JWT_AUDIENCE', { max: 512 }) ?? r.fail('EXTERNAL_JWT_AUDIENCE', 'is required with EXTERNAL_JWT_JWKS_URL');
    // Our own tokens say iss=wxmall: an existing backend using that issuer could not be told apart from us.
    if (issuer === 'wxmall') r.fail('EXTERNAL_JWT_ISSUER', 'must not be "wxmall" (the issuer of this service\'s own tokens)');
    const algorithms = (r.raw('EXTERNAL_JWT_ALGORITHMS') ?? 'RS256,ES256').split(',').map((a) => a.trim());
    for (const a of algorithms) {
      if (!(EXTERNAL_JWT_ALGORITHMS as readonly string[]).includes(a)) {
        r.fail('EXTERNAL_JWT_ALGORITHMS', `"${a}" is not allowed: use asymmetric ones (${EXTERNAL_JWT_ALGORITHMS.join(', ')})`);
      }
    }
    const jwksMaxAgeMs = r.duration('EXTERNAL_JWKS_MAX_AGE', 600, 10, 86400) * 1000;
    const jwksCooldownMs = r.duration('EXTERNAL_JWKS_COOLDOWN', 30, 0, 3600) * 1000;
    const jwksTimeoutMs = r.int('EXTERNAL_JWKS_TIMEOUT_MS', 3000, 100, 30_000);
    const clockToleranceSeconds = r.duration('EXTERNAL_JWT_CLOCK_TOLERANCE', 30, 0, 300);
    if (jwksUrl !== '' && issuer !== undefined && audience !== undefined) {
      jwt = {
        jwksUrl,
        issuer,
        audience,
        algorithms: algorithms as ExternalJwtAlgorithm[],
        jwksMaxAgeMs,
        jwksCooldownMs,
        jwksTimeoutMs,
        clockToleranceSeconds,
      };
    }
  }

  let loginBridge: ExternalIdentityConfig['loginBridge'];
  const bridgeUrl = r.raw('LOGIN_BRIDGE_URL') === undefined ? undefined : r.url('LOGIN_BRIDGE_URL', '', protocols);
  if (bridgeUrl !== undefined) {
    const secret =
      r.optStr('LOGIN_BRIDGE_SECRET', { min: 16, max: 256 }) ?? r.fail('LOGIN_BRIDGE_SECRET', 'is required with LOGIN_BRIDGE_URL');
    const weakness = prod && secret !== undefined ? secretWeakness(secret) : undefined;
    if (weakness) r.fail('LOGIN_BRIDGE_SECRET', `${weakness}: production needs a random secret (e.g. openssl rand -base64 48)`);
    const timeoutMs = r.int('LOGIN_BRIDGE_TIMEOUT_MS', 1500, 100, 10_000);
    if (bridgeUrl !== '' && secret !== undefined) loginBridge = { url: bridgeUrl, secret, timeoutMs };
  } else if (r.raw('LOGIN_BRIDGE_SECRET') !== undefined) {
    r.fail('LOGIN_BRIDGE_URL', 'is required with LOGIN_BRIDGE_SECRET');
  }
  return { jwt, loginBridge };
}

/** DATABASE_REPLICA_URLS: comma-separated mysql:// URLs of read-only instances, with their lag bound and check interval. */
function readReplicas(r: EnvReader): ReplicaConfig {
  const urls = (r.raw('DATABASE_REPLICA_URLS') ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  for (const [i, u] of urls.entries()) {
    try {
      if (!['mysql:', 'mariadb:'].includes(new URL(u).protocol))
        r.fail('DATABASE_REPLICA_URLS', `URL ${i + 1} must use mysql: or mariadb:`);
    } catch {
      r.fail('DATABASE_REPLICA_URLS', `URL ${i + 1} is not a valid URL`);
    }
  }
  if (urls.length > 16) r.fail('DATABASE_REPLICA_URLS', 'at most 16 replicas');
  if (new Set(urls).size !== urls.length) r.fail('DATABASE_REPLICA_URLS', 'lists a URL twice');
  return {
    urls,
    maxLagMs: r.int('REPLICA_MAX_LAG_MS', 1000, 50, 600_000),
    checkMs: r.int('REPLICA_CHECK_MS', 500, 50, 60_000),
  };
}

/** DB_SQL_MODE: a comma-separated list of modes, `server` to keep the server's; MySQL 8's default when unset. */
function readSqlMode(r: EnvReader): string | null {
  const v = r.str('DB_SQL_MODE', MYSQL8_SQL_MODE).replace(/\s+/g, '').toUpperCase();
  if (v === 'SERVER') return null;
  if (!/^[A-Z_]*(,[A-Z_]+)*$/.test(v))
    return r.fail('DB_SQL_MODE', 'must be a comma-separated list of sql_mode flags, or "server"') ?? null;
  return v;
}

const OPEN_API_SERVICE = 'http://api.weixin.qq.com';

/** https, or plain http to this machine (a sidecar; nothing on the network can read or change it). */
function secureBase(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * What production would refuse or close, in effect here. Said loudly at start when a real database is
 * configured but NODE_ENV is not: a deployment that forgot NODE_ENV=production runs with these.
 */
export function developmentDefaults(c: AppConfig): string[] {
  const found: string[] = [];
  if (c.auth.jwtSecret === DEV_JWT_SECRET) found.push('JWT_SECRET: the public development secret signs tokens');
  else if (secretWeakness(c.auth.jwtSecret)) found.push(`JWT_SECRET: ${secretWeakness(c.auth.jwtSecret)}`);
  if (c.payments.provider === 'mock') found.push('PAYMENT_PROVIDER=mock: orders can be marked paid without payment');
  if (c.auth.devLogin) found.push('DEV_LOGIN: anyone can log in as any openid');
  if (c.demoSeed) found.push('DEMO_SEED: the demo catalog is loaded');
  if (c.docsEnabled) found.push('DOCS_ENABLED: /docs is public');
  if (!c.metricsToken) found.push('METRICS_TOKEN unset: /metrics is public');
  return found;
}

/**
 * The development defaults to announce at start, or undefined: announced when a real database is configured
 * and NODE_ENV is not set at all (NODE_ENV=development is a choice; no NODE_ENV is usually an oversight).
 */
export function unannouncedDevelopmentDefaults(c: AppConfig, env: Env = process.env): string[] | undefined {
  if (env.NODE_ENV?.trim() || c.database.kind !== 'mysql') return undefined;
  return developmentDefaults(c);
}

/** A copy safe to log: secrets replaced. */
export function describeConfig(c: AppConfig): Record<string, unknown> {
  return {
    env: c.env,
    serve: c.serve,
    port: c.port,
    docs: c.docsEnabled,
    database:
      c.database.kind === 'mysql'
        ? {
            ...c.database,
            url: redactUrl(c.database.url),
            replicas: { ...c.database.replicas, urls: c.database.replicas.urls.map(redactUrl) },
          }
        : c.database,
    wechat: { appId: c.wechat.appId, apiBase: c.wechat.apiBase, tokenless: c.wechat.tokenless, gatewayTrust: c.wechat.gatewayTrust },
    payments: { provider: c.payments.provider, mchId: c.payments.wechatPay?.mchId, baseUrl: c.payments.wechatPay?.baseUrl },
    jobs: { inProcess: c.jobs.inProcess, trigger: c.jobs.triggerToken ? 'enabled' : 'disabled' },
    devLogin: c.auth.devLogin,
    externalIdentity: { jwtIssuer: c.externalIdentity.jwt?.issuer, loginBridge: c.externalIdentity.loginBridge ? 'enabled' : 'disabled' },
    redis: c.redis ? redactUrl(c.redis.url) : undefined,
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}
