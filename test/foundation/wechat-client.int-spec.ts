import { WechatApiClient, WechatApiError, WechatUnavailableError } from '@app/wechat';
import { startTestApp, type TestApp } from '@app/testing';

describe('WechatApiClient', () => {
  let t: TestApp;
  let client: WechatApiClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = t.app.get(WechatApiClient, { strict: false });
  });
  afterAll(() => t?.close());

  it('fetches one stable token for many concurrent callers and reuses it', async () => {
    const before = t.wechat.tokenFetches;
    const codes = Array.from({ length: 10 }, (_, i) => t.wechat.phoneCode(`1380000000${i}`));
    const results = await Promise.all(codes.map((c) => client.getPhoneNumber(c)));
    expect(results.map((r) => r.purePhoneNumber).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `1380000000${i}`));
    expect(t.wechat.tokenFetches - before).toBe(1);
    await client.getPhoneNumber(t.wechat.phoneCode('13800000099'));
    expect(t.wechat.tokenFetches - before).toBe(1);
  });

  it('refreshes the token five minutes before it expires', async () => {
    await client.getPhoneNumber(t.wechat.phoneCode('13800000001'));
    const before = t.wechat.tokenFetches;
    t.clock.advance((t.wechat.tokenTtlSeconds - 301) * 1000);
    await client.getPhoneNumber(t.wechat.phoneCode('13800000002'));
    expect(t.wechat.tokenFetches).toBe(before);
    t.clock.advance(2000);
    await client.getPhoneNumber(t.wechat.phoneCode('13800000003'));
    expect(t.wechat.tokenFetches).toBe(before + 1);
  });

  it('refetches once when WeChat says the token is no longer valid', async () => {
    await client.getPhoneNumber(t.wechat.phoneCode('13800000004'));
    t.wechat.revokeToken();
    const before = t.wechat.tokenFetches;
    await expect(client.getPhoneNumber(t.wechat.phoneCode('13800000005'))).resolves.toMatchObject({ purePhoneNumber: '13800000005' });
    expect(t.wechat.tokenFetches).toBe(before + 1);
    const forced = t.wechat.callsTo('/cgi-bin/stable_token').at(-1);
    expect(forced?.body.force_refresh).toBe(true);
  });

  it('types errors: errcodes as WechatApiError, outages as WechatUnavailableError', async () => {
    t.wechat.failNext('POST', '/wxa/business/getuserphonenumber', { body: { errcode: 40029, errmsg: 'invalid code' } });
    await expect(client.getPhoneNumber('x')).rejects.toEqual(expect.objectContaining({ errcode: 40029 }));
    t.wechat.failNext('POST', '/wxa/business/getuserphonenumber', { status: 502, body: 'bad gateway' });
    await expect(client.getPhoneNumber('x')).rejects.toBeInstanceOf(WechatUnavailableError);
    // The bound under test, on an instance of its own (the suite's default is generous for loaded machines).
    const bounded = await startTestApp({ database: t.db, wechat: t.wechat, env: { WX_API_TIMEOUT_MS: '1000' } });
    try {
      t.wechat.failNext('POST', '/wxa/business/getuserphonenumber', { delayMs: 5000, body: {} });
      const started = Date.now();
      await expect(bounded.app.get(WechatApiClient, { strict: false }).getPhoneNumber('x')).rejects.toBeInstanceOf(WechatUnavailableError);
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await bounded.close();
    }
    await expect(client.sendSubscribeMessage({ touser: 'o', templateId: 't', data: {} })).resolves.toBeUndefined();
    t.wechat.failNext('POST', '/cgi-bin/message/subscribe/send', { body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } });
    await expect(client.sendSubscribeMessage({ touser: 'o', templateId: 't', data: {} })).rejects.toBeInstanceOf(WechatApiError);
  });

  it('sends no token in tokenless mode (Cloud Hosting open-API service)', async () => {
    const tokenless = await startTestApp({ database: t.db, wechat: t.wechat, env: { WX_API_TOKENLESS: 'true' } });
    try {
      const c = tokenless.app.get(WechatApiClient, { strict: false });
      const before = t.wechat.tokenFetches;
      t.wechat.route('POST', '/wxa/sec/order/upload_shipping_info', (r) => ({
        body: r.query.has('access_token') ? { errcode: 1 } : { errcode: 0 },
      }));
      await expect(c.uploadShippingInfo({ order_key: {} })).resolves.toBeUndefined();
      expect(t.wechat.tokenFetches).toBe(before);
    } finally {
      await tokenless.close();
    }
  });
});
