import { generateKeyPairSync, randomBytes, sign, verify, X509Certificate } from 'node:crypto';
import { loadConfig } from '@app/config';
import { FakeHttpServer } from './fake-server';
import { FakeWechatPay } from './fake-wechat-pay';

/** Signs like a merchant, independently of wechatpay-node-v3, so forgeries can be built field by field. */
interface SignOptions {
  key?: string;
  mchid?: string;
  serial?: string;
  timestamp?: number;
  /** Sign this target instead of the one requested (a replayed signature). */
  signedUrl?: string;
  authorization?: string | null;
}

describe('FakeWechatPay', () => {
  let fake: FakeWechatPay;

  const request = async (method: 'GET' | 'POST', url: string, body?: unknown, o: SignOptions = {}) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
    const nonce = randomBytes(16).toString('hex');
    const message = `${method}\n${o.signedUrl ?? url}\n${timestamp}\n${nonce}\n${text}\n`;
    const signature = sign('sha256', Buffer.from(message), o.key ?? fake.keys.merchant.privateKey).toString('base64');
    const authorization =
      o.authorization === undefined
        ? `WECHATPAY2-SHA256-RSA2048 mchid="${o.mchid ?? fake.keys.mchId}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${o.serial ?? fake.keys.merchantSerial}",signature="${signature}"`
        : o.authorization;
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
    if (authorization !== null) headers.authorization = authorization;
    const res = await fetch(`${fake.url}${url}`, { method, headers, body: body === undefined ? undefined : text });
    const raw = await res.text();
    return { status: res.status, headers: res.headers, raw, body: raw ? JSON.parse(raw) : undefined };
  };
  const order = (outTradeNo: string, patch: Record<string, unknown> = {}) => ({
    appid: fake.appid,
    mchid: fake.keys.mchId,
    description: 'T恤',
    out_trade_no: outTradeNo,
    notify_url: 'https://shop.example.test/api/v1/payments/wechat/notify',
    amount: { total: 100, currency: 'CNY' },
    payer: { openid: 'o_1' },
    ...patch,
  });
  const JSAPI = '/v3/pay/transactions/jsapi';

  beforeAll(async () => {
    fake = await new FakeWechatPay().start();
  });
  afterAll(() => fake.close());

  it('accepts a correctly signed request and signs its response with the WeChat Pay key', async () => {
    const res = await request('POST', JSAPI, order('FAKE_OK_1'));
    expect(res.status).toBe(200);
    expect(res.body.prepay_id).toMatch(/^wx[0-9a-f]{32}$/);
    expect(res.headers.get('wechatpay-serial')).toBe(fake.keys.wechatPay.serial);
    const message = `${res.headers.get('wechatpay-timestamp')}\n${res.headers.get('wechatpay-nonce')}\n${res.raw}\n`;
    const signature = Buffer.from(res.headers.get('wechatpay-signature')!, 'base64');
    expect(verify('sha256', Buffer.from(message), fake.keys.wechatPay.publicKey, signature)).toBe(true);
  });

  describe('rejects with 401 SIGN_ERROR', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    it.each<[string, SignOptions]>([
      ['no Authorization', { authorization: null }],
      ['another scheme', { authorization: 'Bearer abc' }],
      ['a signature by another key', { key: other }],
      ['a signature made for another URL', { signedUrl: '/v3/pay/transactions/out-trade-no/X?mchid=1900000001' }],
      ['another mchid', { mchid: '1900000002' }],
      ['another serial_no', { serial: 'ABCDEF' }],
      ['a timestamp 10 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ])('%s', async (_name, opts) => {
      const res = await request('POST', JSAPI, order(`FAKE_BAD_${randomBytes(4).toString('hex')}`), opts);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('SIGN_ERROR');
    });

    it('a GET signed without its query string', async () => {
      const url = '/v3/pay/transactions/out-trade-no/FAKE_OK_1?mchid=1900000001';
      expect((await request('GET', url, undefined, { signedUrl: '/v3/pay/transactions/out-trade-no/FAKE_OK_1' })).status).toBe(401);
      expect((await request('GET', url)).status).toBe(200);
    });
  });

  it('validates JSAPI orders like WeChat Pay', async () => {
    const bad = async (patch: Record<string, unknown>) =>
      (await request('POST', JSAPI, order(`FAKE_V_${randomBytes(4).toString('hex')}`, patch))).body.code;
    expect(await bad({ out_trade_no: 'abc' })).toBe('PARAM_ERROR');
    expect(await bad({ out_trade_no: 'has space 123' })).toBe('PARAM_ERROR');
    expect(await bad({ amount: { total: 0 } })).toBe('PARAM_ERROR');
    expect(await bad({ amount: { total: 1.5 } })).toBe('PARAM_ERROR');
    expect(await bad({ notify_url: 'https://shop.example.test/notify?order=1' })).toBe('PARAM_ERROR');
    expect(await bad({ notify_url: 'ftp://shop.example.test/notify' })).toBe('PARAM_ERROR');
    expect(await bad({ time_expire: '2026-11-22 13:04:05' })).toBe('PARAM_ERROR');
    expect(await bad({ description: 'x'.repeat(128) })).toBe('PARAM_ERROR');
    expect(await bad({ payer: {} })).toBe('PARAM_ERROR');
    expect(await bad({ appid: 'wx_other_app_0000' })).toBe('APPID_MCHID_NOT_MATCH');
    expect(await bad({ time_expire: '2026-11-22T13:04:05+08:00' })).toBeUndefined();
  });

  it('keeps order state: query, pay, close, refunds', async () => {
    await request('POST', JSAPI, order('FAKE_FLOW_1', { amount: { total: 1000 } }));
    const q = await request('GET', '/v3/pay/transactions/out-trade-no/FAKE_FLOW_1?mchid=1900000001');
    expect(q.body).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 1000 } });
    expect(q.body.transaction_id).toBeUndefined();
    expect((await request('GET', '/v3/pay/transactions/out-trade-no/NOPE_123?mchid=1900000001')).body.code).toBe('ORDERNOTEXIST');

    const refundBody = (no: string, refund: number) => ({
      out_trade_no: 'FAKE_FLOW_1',
      out_refund_no: no,
      amount: { refund, total: 1000, currency: 'CNY' },
    });
    expect((await request('POST', '/v3/refund/domestic/refunds', refundBody('RF_1', 100))).body.code).toBe('INVALID_REQUEST'); // not paid
    const paid = fake.pay('FAKE_FLOW_1');
    expect(paid).toMatchObject({ trade_state: 'SUCCESS', payer: { openid: 'o_1' } });
    expect(paid.transaction_id).toMatch(/^4200\d{24}$/);
    expect((await request('POST', '/v3/pay/transactions/out-trade-no/FAKE_FLOW_1/close', { mchid: '1900000001' })).body.code).toBe(
      'ORDERPAID',
    );

    expect((await request('POST', '/v3/refund/domestic/refunds', refundBody('RF_1', 700))).body.status).toBe('PROCESSING');
    expect((await request('POST', '/v3/refund/domestic/refunds', refundBody('RF_2', 301))).body.code).toBe('NOT_ENOUGH');
    expect((await request('POST', '/v3/refund/domestic/refunds', refundBody('RF_1', 500))).body.code).toBe('INVALID_REQUEST');
    fake.settleRefund('RF_1', 'CLOSED'); // a closed refund gives its amount back
    expect((await request('POST', '/v3/refund/domestic/refunds', refundBody('RF_2', 1000))).body.status).toBe('PROCESSING');
    expect((await request('GET', '/v3/refund/domestic/refunds/RF_2')).body).toMatchObject({ out_refund_no: 'RF_2', status: 'PROCESSING' });
    expect((await request('GET', '/v3/refund/domestic/refunds/RF_9')).body.code).toBe('RESOURCE_NOT_EXISTS');
    expect((await request('GET', '/v3/pay/transactions/out-trade-no/FAKE_FLOW_1?mchid=1900000001')).body.trade_state).toBe('REFUND');
  });

  it('delivers a notification with its raw body byte for byte', async () => {
    const receiver = await new FakeHttpServer().start();
    try {
      receiver.route('POST', '/notify', () => ({ status: 204 }));
      await request('POST', JSAPI, order('FAKE_NOTIFY_1'));
      fake.pay('FAKE_NOTIFY_1');
      const n = fake.transactionNotification('FAKE_NOTIFY_1', { id: 'EV-FIXED-1' });
      expect(await fake.deliver(`${receiver.url}/notify`, n)).toEqual({ status: 204, body: undefined });
      const got = receiver.calls[0]!;
      expect(got.rawBody).toBe(n.body);
      expect(got.body).toMatchObject({ id: 'EV-FIXED-1', event_type: 'TRANSACTION.SUCCESS', resource: { algorithm: 'AEAD_AES_256_GCM' } });
      expect(got.headers['wechatpay-serial']).toBe(fake.keys.wechatPay.serial);
      expect(fake.transactionNotification('FAKE_NOTIFY_1', { id: 'EV-FIXED-1' }).id).toBe('EV-FIXED-1');
    } finally {
      await receiver.close();
    }
  });

  it('gives environment keys loadConfig accepts, including a certificate and escaped newlines', () => {
    const env = fake.env({ publicKeys: ['wechatpay', 'platform'] });
    const pay = loadConfig({ NODE_ENV: 'test', ...env }).payments.wechatPay!;
    expect(pay).toMatchObject({ mchId: '1900000001', serialNo: fake.keys.merchantSerial, apiV3Key: fake.keys.apiV3Key, baseUrl: fake.url });
    expect(Object.keys(pay.publicKeys).sort()).toEqual([fake.keys.platform.serial, fake.keys.wechatPay.serial].sort());
    const escaped = loadConfig({ NODE_ENV: 'test', ...env, WXPAY_PRIVATE_KEY: env.WXPAY_PRIVATE_KEY!.replace(/\n/g, '\\n') });
    expect(escaped.payments.wechatPay!.privateKey.trim()).toBe(pay.privateKey.trim());

    const cert = new X509Certificate(fake.keys.platform.certificate);
    expect(cert.serialNumber).toBe(fake.keys.platform.serial);
    expect(cert.publicKey.export({ type: 'spki', format: 'pem' })).toBe(fake.keys.platform.publicKey);
    expect(fake.keys.apiV3Key).toHaveLength(32);
    expect(fake.keys.wechatPay.serial).toMatch(/^PUB_KEY_ID_TEST\d{30}$/);
  });
});
