import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AddressInfo } from 'node:net';
import type { Logger as Pino } from 'pino';
import { DataSource } from 'typeorm';
import { createApp, createOpenApiDocument, openApiDocumentKey } from '@app/api';
import { WECHAT_MESSAGE_PUSH_PATH } from '@app/wechat/testing';
import { ManualClock } from '@app/common/testing';
import { type AppConfig, loadConfig } from '@app/config';
import { FakeWechatApi, TEST_APPID, TEST_SECRET } from './fake-wechat-api';
import { contractOf, forgetContract } from './contract';
import { HttpClient } from './http-client';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-jwt-secret-0123456789abcdef0123456789';
export const TEST_OWNER = { username: 'owner', password: 'owner-password-1' };
/** The message push Token every test app is configured with (the fake WeChat signs its pushes with it). */
export const TEST_PUSH_TOKEN = 'test-push-token';

export interface TestAppOptions {
  /** Extra or overriding environment keys (strings, as in a real environment). */
  env?: Record<string, string | undefined>;
  /** Reuse a database (e.g. a second app instance on the same data). */
  database?: TestDatabase;
  clock?: ManualClock;
  wechat?: FakeWechatApi;
  /** Capture log lines (pino) instead of discarding them. */
  logger?: Pino;
}

export interface TestApp {
  app: NestFastifyApplication;
  http: HttpClient;
  url: string;
  config: AppConfig;
  db: TestDatabase;
  ds: DataSource;
  clock: ManualClock;
  wechat: FakeWechatApi;
  /** Shopper token for `openid` (via the real wx-login flow against the fake WeChat). */
  loginUser(openid?: string): Promise<{ token: string; userId: number }>;
  /** Admin token (the bootstrap owner unless told otherwise). */
  loginAdmin(username?: string, password?: string): Promise<string>;
  /** Creates an admin with a role and returns its token. */
  createAdmin(role: 'owner' | 'operator' | 'viewer', username?: string): Promise<string>;
  /** Creates a store_staff admin of that store and returns its token. */
  createStoreStaff(storeId: number, username?: string): Promise<string>;
  /** Runs SQL against the test database. */
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

let seq = 0;

const documents = new Map<string, OpenAPIObject>();

/**
 * The OpenAPI document of `app`, built once for all apps alike (by `openApiDocumentKey`): the integration project keeps
 * modules loaded across the files of a Jest worker (test/jest/shared-runtime.js). `createApp(config, { openApiDocument:
 * sharedOpenApiDocument })` for a test that starts its own app; startTestApp's apps use it.
 */
export function sharedOpenApiDocument(app: INestApplication): OpenAPIObject {
  const key = openApiDocumentKey(app);
  let document = documents.get(key);
  if (!document) documents.set(key, (document = createOpenApiDocument(app)));
  return document;
}

/**
 * Boots the whole service on a fresh MariaDB database (built by the real migrations), listening on
 * an ephemeral 127.0.0.1 port, with WeChat replaced by a fake server and time by a manual clock.
 */
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const ownsWechat = !opts.wechat;
  const wechat = opts.wechat ?? (await new FakeWechatApi(TEST_APPID, TEST_SECRET).start());
  const ownsDb = !opts.database;
  const db = opts.database ?? (await createTestDatabase());
  const clock = opts.clock ?? new ManualClock();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: db.url,
    DB_POOL_SIZE: '10',
    JWT_SECRET: TEST_JWT_SECRET,
    // Tests move the clock by days; tokens should outlive that unless a test says otherwise.
    JWT_TTL: '90d',
    ADMIN_JWT_TTL: '90d',
    WX_APPID: TEST_APPID,
    WX_SECRET: TEST_SECRET,
    WX_API_BASE: wechat.url,
    // Generous: a busy 2-core CI machine answers the fake server slowly; tests of timeouts set their own.
    WX_API_TIMEOUT_MS: '5000',
    ADMIN_BOOTSTRAP_USERNAME: TEST_OWNER.username,
    ADMIN_BOOTSTRAP_PASSWORD: TEST_OWNER.password,
    JOBS_IN_PROCESS: 'false',
    DEV_LOGIN: 'true',
    // Tests log in and order from one address all the time; test/foundation/rate-limits.int-spec.ts sets real budgets.
    RATE_LIMIT_LOGIN: '100000/1m',
    RATE_LIMIT_ADMIN_LOGIN: '100000/1m',
    RATE_LIMIT_ORDERS: '100000/1m',
    // Whatever the runtime, tests exercise request ids on inner log lines (ops.int-spec checks `off`).
    LOG_REQUEST_CONTEXT: 'on',
    WX_PUSH_TOKEN: TEST_PUSH_TOKEN,
    ...opts.env,
  });
  let app: NestFastifyApplication | undefined;
  let url: string;
  try {
    app = await createApp(config, { clock, logger: opts.logger, openApiDocument: sharedOpenApiDocument });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    // The OpenAPI document the contract checks use (libs/testing contract.ts), built now rather than while the
    // test's first request waits.
    await contractOf(url);
  } catch (err) {
    await app?.close();
    if (ownsDb) await db.drop();
    if (ownsWechat) await wechat.close();
    throw err;
  }
  if (ownsWechat || !wechat.pushTarget) {
    const push = config.contentSecurity;
    wechat.pushTarget = { url: `${url}${WECHAT_MESSAGE_PUSH_PATH}`, token: push.pushToken ?? TEST_PUSH_TOKEN, aesKey: push.pushAesKey };
  }
  const http = new HttpClient(url);
  const ds = app.get(DataSource);

  const t: TestApp = {
    app,
    http,
    url,
    config,
    db,
    ds,
    clock,
    wechat,
    async loginUser(openid = `o_user_${++seq}_${Date.now().toString(36)}`) {
      const res = await http.post('/api/v1/auth/wx-login', { code: wechat.codeFor(openid) });
      if (res.status !== 200) throw new Error(`wx-login failed: ${res.status} ${res.text}`);
      return { token: res.body.token as string, userId: res.body.user.id as number };
    },
    async loginAdmin(username = TEST_OWNER.username, password = TEST_OWNER.password) {
      const res = await http.post('/api/v1/admin/auth/login', { username, password });
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${res.text}`);
      return res.body.token as string;
    },
    async createAdmin(role, username = `${role}_${++seq}`) {
      const owner = await t.loginAdmin();
      const password = `${username}-password`;
      const res = await http.post('/api/v1/admin/admin-users', { username, password, role }, { token: owner });
      if (res.status !== 201) throw new Error(`create admin failed: ${res.status} ${res.text}`);
      return t.loginAdmin(username, password);
    },
    async createStoreStaff(storeId, username = `staff_${++seq}`) {
      const owner = await t.loginAdmin();
      const password = `${username}-password`;
      const res = await http.post('/api/v1/admin/admin-users', { username, password, role: 'store_staff', storeId }, { token: owner });
      if (res.status !== 201) throw new Error(`create store staff failed: ${res.status} ${res.text}`);
      return t.loginAdmin(username, password);
    },
    sql: (query, params) => ds.query(query, params),
    async close() {
      await app.close();
      forgetContract(url);
      if (ownsDb) await db.drop();
      if (ownsWechat) await wechat.close();
    },
  };
  return t;
}
