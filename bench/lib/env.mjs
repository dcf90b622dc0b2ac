// The production environment both servers run with, the keys the runner generates for it, and a
// tiny fake WeChat Pay API (wxmall calls POST /v3/pay/transactions/jsapi on the pay button).
import { generateKeyPairSync, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// BENCH_DB_NAME: another database on the same server (two checkouts benchmarking at once must not share one).
export const DB_NAME = process.env.BENCH_DB_NAME ?? 'wxmall_bench';
export const DB_SERVER = process.env.BENCH_DATABASE_SERVER ?? 'mysql://root@127.0.0.1:3306';
export const DATABASE_URL = `${DB_SERVER.replace(/\/+$/, '')}/${DB_NAME}`;
export const POOL_SIZE = 10;
export const APPID = 'wxbe0c0000000001a0';

/** Merchant key + serial, a WeChat Pay public key with its PUB_KEY_ID_ serial, and the APIv3 key. */
export function generatePayKeys() {
  const rsa = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  const merchant = rsa();
  const wechatPay = rsa();
  const digits = (n) => Array.from({ length: n }, () => randomInt(10)).join('');
  return {
    mchId: '1900000109',
    // 40 upper-case hex digits, like a merchant API certificate serial.
    merchantSerial: `${randomInt(1, 8)}${randomBytes(20).toString('hex').slice(1)}`.toUpperCase(),
    merchant,
    // Same shape as the documented example PUB_KEY_ID_0000000000000024101100397200000006 (34 digits).
    wechatPay: { ...wechatPay, serial: `PUB_KEY_ID_${digits(34)}` },
    // 32 characters (the APIv3 key is used as 32 UTF-8 bytes).
    apiV3Key: randomBytes(16).toString('hex'),
  };
}

/**
 * The Node options the production image runs with (the Dockerfile's `ENV NODE_OPTIONS`: the heap
 * budget of a 512 MB instance), so both servers run the runtime configuration wxmall ships with.
 */
export function imageNodeOptions() {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const found = /NODE_OPTIONS="([^"]*)"/.exec(dockerfile);
  if (!found) throw new Error('the Dockerfile sets no NODE_OPTIONS');
  return found[1];
}

/**
 * The image's glibc arena cap (`ENV MALLOC_ARENA_MAX` in the Dockerfile), when it sets one; BENCH_MALLOC_ARENA_MAX
 * overrides it for an experiment ('' for glibc's default).
 */
export function imageMallocArenaMax() {
  if (process.env.BENCH_MALLOC_ARENA_MAX !== undefined) return process.env.BENCH_MALLOC_ARENA_MAX || undefined;
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  return /MALLOC_ARENA_MAX=(\d+)/.exec(dockerfile)?.[1];
}

/** What wxmall needs in production (libs/config refuses every development default). */
export function productionEnv({ port, keys, payBaseUrl }) {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    NODE_OPTIONS: imageNodeOptions(),
    ...(imageMallocArenaMax() ? { MALLOC_ARENA_MAX: imageMallocArenaMax() } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL,
    DB_POOL_SIZE: String(POOL_SIZE),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_BOOTSTRAP_USERNAME: 'benchowner',
    ADMIN_BOOTSTRAP_PASSWORD: `Bench-${randomBytes(12).toString('base64url')}`,
    WX_APPID: APPID,
    // No WeChat server API is called on the benchmarked paths; tokenless mode needs no WX_SECRET.
    WX_API_TOKENLESS: 'true',
    WX_API_BASE: 'http://127.0.0.1:9',
    WX_GATEWAY_TRUST: 'true',
    // Each benchmark buyer orders many times a second, far past a shopper's budget (RATE_LIMIT_ORDERS, 30/min by
    // default): the limiter still counts every order (its cost is measured) but refuses none.
    RATE_LIMIT_ORDERS: '1000000/1m',
    // Production runs the periodic work in-process (JOBS_IN_PROCESS=true). Here the runner drives that same work through
    // the tick route, once a second, during wxmall's S4 and S5 rounds only (docs/benchmark.md): a loop of its own would
    // also run during the floor's rounds and the SQL parity check.
    JOBS_IN_PROCESS: 'false',
    JOBS_TRIGGER_TOKEN: randomBytes(24).toString('hex'),
    // The benchmark's buyers each hold hundreds of unpaid orders (the floor has no such rule); shops keep the default 5.
    MAX_UNPAID_ORDERS: '0',
    LOG_LEVEL: 'info',
    PAYMENT_PROVIDER: 'wechat',
    WXPAY_MCHID: keys.mchId,
    WXPAY_SERIAL_NO: keys.merchantSerial,
    WXPAY_PRIVATE_KEY: keys.merchant.privateKey,
    WXPAY_APIV3_KEY: keys.apiV3Key,
    WXPAY_PUBLIC_KEYS: JSON.stringify({ [keys.wechatPay.serial]: keys.wechatPay.publicKey }),
    WXPAY_NOTIFY_BASE: 'https://shop.example.test',
    WXPAY_BASE_URL: payBaseUrl,
    WXPAY_TIMEOUT_MS: '5000',
  };
}

/**
 * A fake WeChat Pay API: JSAPI prepay answers a fresh prepay_id (wxmall does not verify response
 * signatures); closing an order answers 204 as WeChat Pay does (unpaid orders that expire during S4/S5 are closed by a
 * job: a 404 here made every jobs tick retry hundreds of them inside wxmall's rounds, work production does not
 * have); everything else 404. Counts calls so the runner can report them.
 */
export function startFakeWechatPay() {
  const stats = { jsapi: 0, close: 0, other: 0 };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v3/pay/transactions/jsapi') {
        stats.jsapi++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ prepay_id: `wx${randomBytes(16).toString('hex')}` }));
        return;
      }
      if (req.method === 'POST' && /^\/v3\/pay\/transactions\/out-trade-no\/[^/]+\/close$/.test(req.url ?? '')) {
        stats.close++;
        res.writeHead(204);
        res.end();
        return;
      }
      stats.other++;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 'NOT_FOUND', message: 'not faked by the bench' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, stats, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}
