import { listRoutes, pushSignature, startTestApp, TEST_PUSH_TOKEN, type TestApp } from '@app/testing';
import { buy, NOTIFY, pressPay, type PayWorld, REFUND_NOTIFY, startPayWorld } from '../payments/pay-fixtures';

const PUSH = '/api/v1/wechat/message-push';
/** WeChat Pay's notifications (payments, refunds, merchant transfers of distribution), message push and health. */
const NOTIFY_ROUTES = new Set([
  `POST ${NOTIFY}`,
  `POST ${REFUND_NOTIFY}`,
  'POST /api/v1/distribution/wechat/transfer-notify',
  `GET ${PUSH}`,
  `POST ${PUSH}`,
  'GET /healthz',
  'GET /readyz',
]);

/**
 * The two-service deployment on Cloud Hosting: the API with public access off (gateway headers trusted) and,
 * from the same image, SERVE=notify with public access on, answering WeChat Pay notifications and health only.
 */
describe('SERVE=notify (the public WeChat Pay notification service)', () => {
  let w: PayWorld; // the API service
  let notify: TestApp; // the notify service: same image, same database
  beforeAll(async () => {
    w = await startPayWorld();
    notify = await startTestApp({
      database: w.t.db,
      wechat: w.t.wechat,
      clock: w.t.clock,
      env: { ...w.pay.env(), SERVE: 'notify', METRICS_TOKEN: 'metrics-token-0123456789' },
    });
  });
  afterAll(async () => {
    await notify?.close();
    await w?.close();
  });

  it('answers every other route exactly like a route that does not exist, signed in or not', async () => {
    const routes = listRoutes(notify.app);
    expect(routes.length).toBeGreaterThan(50);
    const hidden = [
      ...routes
        .filter((r) => !NOTIFY_ROUTES.has(`${r.method} ${r.path}`))
        .map((r) => ({ method: r.method, path: r.path.replace(/:\w+/g, '1') })),
      { method: 'GET', path: '/docs' },
      { method: 'GET', path: '/docs/openapi.json' },
      { method: 'GET', path: '/metrics' },
    ];
    const unknown = await notify.http.get('/api/v1/no-such-route');
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([404, 'NOT_FOUND', 'Cannot GET /api/v1/no-such-route']);
    for (const r of hidden) {
      for (const token of [undefined, w.owner]) {
        const body = ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined;
        const res = await notify.http.request(r.method, r.path, {
          token,
          body,
          headers: { authorization: 'Bearer metrics-token-0123456789' },
        });
        expect([r.method, r.path, res.status, res.body.code, res.body.message]).toEqual([
          r.method,
          r.path,
          404,
          'NOT_FOUND',
          `Cannot ${r.method} ${r.path}`,
        ]);
      }
    }
    // The API service serves them (its routes answer; docs are on outside production).
    expect((await w.t.http.get('/docs/openapi.json')).status).toBe(200);
  });

  it('takes the payment notification of an order made through the API service, and answers health', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    const notification = w.pay.transactionNotification(b.orderNo);
    expect((await w.pay.deliver(`${notify.url}${NOTIFY}`, notification)).status).toBe(204);
    expect((await w.t.http.get(`/api/v1/orders/${b.orderId}`, { token: b.token })).body.status).toBe('paid');
    // A duplicate delivery is harmless here too.
    expect((await w.pay.deliver(`${notify.url}${NOTIFY}`, notification)).status).toBe(204);
    expect(await w.t.sql('SELECT COUNT(*) AS n FROM payment_notification')).toEqual([{ n: 1 }]);
    expect((await notify.http.get('/healthz')).status).toBe(200);
    expect((await notify.http.get('/readyz')).status).toBe(200);
  });

  it("takes WeChat's message push at a public URL by its signature only: never by gateway headers", async () => {
    const ts = '1700000000';
    const nonce = 'n0tify';
    const check = await notify.http.get(
      `${PUSH}?signature=${pushSignature(TEST_PUSH_TOKEN, ts, nonce)}&timestamp=${ts}&nonce=${nonce}&echostr=e1`,
    );
    expect([check.status, check.text]).toEqual([200, 'e1']);
    const api = w.t.wechat.pushTarget!;
    w.t.wechat.pushTarget = { ...api, url: `${notify.url}${PUSH}` };
    try {
      const signed = await w.t.wechat.pushMediaResult('trace-of-nothing', 'pass');
      expect([signed.status, signed.text]).toEqual([200, 'success']);
      expect((await w.t.wechat.pushMediaResult('trace-of-nothing', 'pass', { signWith: 'not-the-token' })).status).toBe(401);
    } finally {
      w.t.wechat.pushTarget = api;
    }
    // Unsigned is refused, gateway headers or not (this service cannot trust them: SERVE=notify refuses WX_GATEWAY_TRUST).
    const asGateway = await notify.http.post(
      PUSH,
      { Event: 'wxa_media_check', trace_id: 'trace-of-nothing', result: { suggest: 'pass', label: 100 } },
      { headers: { 'x-wx-source': 'wx', 'x-wx-openid': 'o_wechat', 'x-wx-appid': 'wx-test' } },
    );
    expect(asGateway.status).toBe(401);
  });
});
