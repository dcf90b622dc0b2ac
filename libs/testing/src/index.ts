export { createTestDatabase, TEST_SERVER_URL, type TestDatabase, type TestDatabaseOptions } from './test-database';
export { HttpClient, type HttpResult, type RequestOptions } from './http-client';
export { forgetContract } from './contract';
export { FakeHttpServer, type FakeHandler, type FakeRequest, type FakeResponse } from './fake-server';
export {
  encryptPush,
  FakeWechatApi,
  type FakeMediaCheck,
  type FakeSuggest,
  type PushTarget,
  TEST_APPID,
  TEST_SECRET,
} from './fake-wechat-api';
export {
  sharedOpenApiDocument,
  startTestApp,
  TEST_JWT_SECRET,
  TEST_OWNER,
  TEST_PUSH_TOKEN,
  type TestApp,
  type TestAppOptions,
} from './test-app';
export { listRoutes, type RouteInfo } from './routes';
export { captureLogs } from './log-capture';
export { mapLimit } from './concurrency';
export { patternPng, readPng } from './fake-png';
export { privateMariadbAvailable, startPrivateMariadb, type PrivateMariadb, type PrivateMariadbOptions } from './private-mariadb';
export {
  FakeWechatPay,
  type FakeNotification,
  type FakePayOrder,
  type FakePayRefund,
  type FakePaySigner,
  type FakePayTradeState,
  type FakeTransferBill,
  type FakeTransferState,
  type FakeWechatPayOptions,
  type NotificationOptions,
  type TransactionNotificationOptions,
} from './fake-wechat-pay';
export { generateTestPayKeys, testPayEnv, type TestKeyPair, type TestPayEnvOptions, type TestPayKeys } from './test-pay-keys';
export {
  ADDRESS,
  countQueries,
  createAddress,
  createShopProduct,
  idempotencyKey,
  IMG,
  ledgerMismatches,
  placeOrder,
  type ShopProduct,
  stockMismatches,
} from './shop-fixtures';
// Every lib's test seams (libs/<lib>/src/testing.ts), so a test can take what only tests use from here.
export * from '@app/after-sale/testing';
export * from '@app/auth/testing';
export * from '@app/catalog/testing';
export * from '@app/common/testing';
export * from '@app/database/testing';
export * from '@app/jobs/testing';
export * from '@app/moderation/testing';
export * from '@app/orders/testing';
export * from '@app/payments/testing';
export * from '@app/wechat/testing';
