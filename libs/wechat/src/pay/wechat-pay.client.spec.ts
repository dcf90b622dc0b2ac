import { generateKeyPairSync, verify } from 'node:crypto';
import { createServer } from 'node:net';
import { ManualClock } from '@app/common/testing';
import { loadConfig } from '@app/config';
import { FakeWechatPay } from '@app/testing';
import { WechatPayApiError, WechatPayOrderPaidError, WechatPayUnavailableError } from './wechat-pay.errors';
import { WechatPayClient } from './wechat-pay.client';

const TIMEOUT_MS = 400;
const JSAPI = '/v3/pay/transactions/jsapi';

describe('WechatPayClient against the fake WeChat Pay', () => {
  let fake: FakeWechatPay;
  let clock: ManualClock;
  let client: WechatPayClient;
  let seq = 0;

  const clientWith = (env: Record<string, string> = {}): WechatPayClient =>
    new WechatPayClient(loadConfig({ NODE_ENV: 'test', ...fake.env({ timeoutMs: TIMEOUT_MS }), ...env }), clock);
  const newTradeNo = (): string => `T${Date.now().toString(36)}_${++seq}`;
  const prepay = (outTradeNo = newTradeNo(), amountTotal = 2990) =>
    client.jsapiPrepay({
      description: '纯棉T恤 白色 L',
      outTradeNo,
      amountTotal,
      payerOpenid: 'o_buyer_1',
      timeExpire: new Date('2026-11-22T05:34:05.678Z'),
    });
  const paidOrder = async (total = 5000): Promise<string> => {
    const no = newTradeNo();
    await prepay(no, total);
    fake.pay(no);
    return no;
  };
  const caught = async (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => 'resolved',
      (err: unknown) => err,
    );

  beforeAll(async () => {
    clock = new ManualClock(new Date('2026-11-22T05:04:05Z'));
    fake = await new FakeWechatPay({ clock }).start();
    client = clientWith();
  });
  afterAll(() => fake.close());

  describe('jsapiPrepay', () => {
    it('sends a signed JSAPI order to the configured base URL and returns the prepay_id', async () => {
      const before = fake.callsTo(JSAPI).length;
      const outTradeNo = newTradeNo();
      const { prepayId } = await client.jsapiPrepay({
        description: '长'.repeat(130),
        outTradeNo,
        amountTotal: 2990,
        payerOpenid: 'o_buyer_1',
        timeExpire: new Date('2026-11-22T05:34:05.678Z'),
        attach: 'order:42',
      });
      expect(prepayId).toBe(fake.order(outTradeNo).prepayId);
      const calls = fake.callsTo(JSAPI);
      expect(calls).toHaveLength(before + 1);
      const call = calls[calls.length - 1]!;
      // The fake answered 200, so it verified this signature with the merchant public key.
      expect(call.headers.authorization).toMatch(
        new RegExp(
          `^WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="[0-9A-F]{32}",timestamp="\\d+",serial_no="${fake.keys.merchantSerial}",signature="[A-Za-z0-9+/=]+"$`,
        ),
      );
      expect(call.body).toEqual({
        appid: fake.appid,
        mchid: '1900000001',
        description: '长'.repeat(127),
        out_trade_no: outTradeNo,
        time_expire: '2026-11-22T13:34:05+08:00',
        attach: 'order:42',
        notify_url: 'https://shop.example.test/api/v1/payments/wechat/notify',
        amount: { total: 2990, currency: 'CNY' },
        payer: { openid: 'o_buyer_1' },
      });
      expect(fake.order(outTradeNo).state).toBe('NOTPAY');
    });

    it('gets the same prepay_id for an identical retry, and INVALID_REQUEST for a changed amount', async () => {
      const no = newTradeNo();
      const first = await prepay(no, 2990);
      expect(await prepay(no, 2990)).toEqual(first);
      const err = await caught(prepay(no, 3990));
      expect(err).toBeInstanceOf(WechatPayApiError);
      expect(err).toMatchObject({ api: 'jsapi', status: 400, code: 'INVALID_REQUEST', retryable: false });
    });

    it('turns a rejected signature (wrong merchant key) into WechatPayApiError 401 SIGN_ERROR', async () => {
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
      const err = await caught(
        clientWith({ WXPAY_PRIVATE_KEY: otherKey as string }).jsapiPrepay({
          description: 'x',
          outTradeNo: newTradeNo(),
          amountTotal: 1,
          payerOpenid: 'o1',
          timeExpire: clock.now(),
        }),
      );
      expect(err).toBeInstanceOf(WechatPayApiError);
      expect(err).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
      expect(String(err)).not.toMatch(/WECHATPAY2-SHA256|BEGIN PRIVATE KEY/);
    });

    it('refuses bad input before calling WeChat Pay', async () => {
      const before = fake.calls.length;
      await expect(prepay('short')).rejects.toThrow(RangeError);
      await expect(prepay('ORDER/../x?y=1')).rejects.toThrow(RangeError);
      await expect(prepay(newTradeNo(), 12.5)).rejects.toThrow(RangeError);
      await expect(prepay(newTradeNo(), 0)).rejects.toThrow(RangeError);
      expect(fake.calls.length).toBe(before);
    });
  });

  describe('buildPayParams', () => {
    it('signs appId\\ntimeStamp\\nnonceStr\\npackage\\n with the merchant key, timed by the injected clock', () => {
      const p = client.buildPayParams('wx201410272009395522657a690389285100');
      expect(p).toMatchObject({
        appId: fake.appid,
        timeStamp: String(Date.parse('2026-11-22T05:04:05Z') / 1000),
        package: 'prepay_id=wx201410272009395522657a690389285100',
        signType: 'RSA',
      });
      expect(p.nonceStr).toMatch(/^[0-9A-F]{32}$/);
      const message = `${p.appId}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`;
      expect(verify('sha256', Buffer.from(message), fake.keys.merchant.publicKey, Buffer.from(p.paySign, 'base64'))).toBe(true);
      expect(client.buildPayParams('wx1').nonceStr).not.toBe(client.buildPayParams('wx1').nonceStr);
      expect(() => client.buildPayParams('wx1\nprepay_id=evil')).toThrow(RangeError);
    });
  });

  describe('queryByOutTradeNo', () => {
    it('answers null for an order WeChat Pay does not know', async () => {
      expect(await client.queryByOutTradeNo(newTradeNo())).toBeNull();
    });

    it('reports NOTPAY, then SUCCESS with the payment details', async () => {
      const no = newTradeNo();
      await prepay(no, 2990);
      expect(await client.queryByOutTradeNo(no)).toMatchObject({ out_trade_no: no, trade_state: 'NOTPAY', amount: { total: 2990 } });
      fake.pay(no, { openid: 'o_buyer_1', payerTotal: 2900 });
      const t = await client.queryByOutTradeNo(no);
      expect(t).toMatchObject({
        appid: fake.appid,
        mchid: '1900000001',
        out_trade_no: no,
        transaction_id: fake.order(no).transactionId,
        trade_state: 'SUCCESS',
        success_time: '2026-11-22T13:04:05+08:00',
        payer: { openid: 'o_buyer_1' },
        amount: { total: 2990, payer_total: 2900, currency: 'CNY' },
      });
      const call = fake.calls[fake.calls.length - 1]!;
      expect(call.url).toBe(`/v3/pay/transactions/out-trade-no/${no}?mchid=1900000001`);
    });
  });

  describe('close', () => {
    it('closes an unpaid order, and treats already-closed answers as success', async () => {
      const no = newTradeNo();
      await prepay(no);
      await client.close(no);
      expect((await client.queryByOutTradeNo(no))?.trade_state).toBe('CLOSED');
      await client.close(no);
      fake.failNext('POST', `/v3/pay/transactions/out-trade-no/${no}/close`, {
        status: 400,
        body: { code: 'ORDER_CLOSED', message: '订单已关闭' },
      });
      await client.close(no);
    });

    it('throws WechatPayOrderPaidError for a paid order', async () => {
      const err = await caught(client.close(await paidOrder()));
      expect(err).toBeInstanceOf(WechatPayOrderPaidError);
      expect(err).toMatchObject({ api: 'close', status: 400, code: 'ORDERPAID' });
    });
  });

  describe('refunds', () => {
    it('applies for a refund idempotently per out_refund_no, then reads it back as it settles', async () => {
      const no = await paidOrder(5000);
      const input = { outTradeNo: no, outRefundNo: `R_${no}_1`, reason: '不想要了', refund: 1200, total: 5000 };
      const r = await client.refund(input);
      expect(r).toMatchObject({
        out_refund_no: input.outRefundNo,
        out_trade_no: no,
        status: 'PROCESSING',
        amount: { refund: 1200, total: 5000 },
      });
      expect(fake.calls[fake.calls.length - 1]!.body).toEqual({
        out_trade_no: no,
        out_refund_no: input.outRefundNo,
        reason: '不想要了',
        notify_url: 'https://shop.example.test/api/v1/payments/wechat/refund-notify',
        amount: { refund: 1200, total: 5000, currency: 'CNY' },
      });
      // A retry (say after a timeout) with the same out_refund_no is the same refund.
      expect((await client.refund(input)).refund_id).toBe(r.refund_id);
      expect(await client.queryRefund(input.outRefundNo)).toMatchObject({ refund_id: r.refund_id, status: 'PROCESSING' });
      fake.settleRefund(input.outRefundNo, 'SUCCESS');
      expect(await client.queryRefund(input.outRefundNo)).toMatchObject({ status: 'SUCCESS', success_time: '2026-11-22T13:04:05+08:00' });
    });

    it('surfaces over-refunds, unknown trades and unknown refunds as WechatPayApiError', async () => {
      const no = await paidOrder(5000);
      await client.refund({
        outTradeNo: no,
        outRefundNo: `R_${no}_1`,
        refund: 4000,
        total: 5000,
        notifyUrl: 'https://other.example.test/rn',
      });
      expect(fake.refunds.get(`R_${no}_1`)?.notifyUrl).toBe('https://other.example.test/rn');
      expect(await caught(client.refund({ outTradeNo: no, outRefundNo: `R_${no}_2`, refund: 1001, total: 5000 }))).toMatchObject({
        status: 400,
        code: 'NOT_ENOUGH',
      });
      expect(await caught(client.refund({ outTradeNo: newTradeNo(), outRefundNo: 'R_UNKNOWN_1', refund: 1, total: 1 }))).toMatchObject({
        status: 404,
        code: 'RESOURCE_NOT_EXISTS',
      });
      const err = await caught(client.queryRefund('R_NEVER_MADE'));
      expect(err).toBeInstanceOf(WechatPayApiError);
      expect(err).toMatchObject({ api: 'queryRefund', status: 404, code: 'RESOURCE_NOT_EXISTS' });
      await expect(client.refund({ outTradeNo: no, outRefundNo: 'R_x', refund: 6000, total: 5000 })).rejects.toThrow(RangeError);
    });
  });

  describe('transfer bills', () => {
    const bill = (c: WechatPayClient, amount: number, userName?: string) =>
      c.createTransferBill({ outBillNo: `B${Date.now().toString(36)}${++seq}`, openid: 'o_payee', amount, userName });

    it('sends user_name RSA-OAEP encrypted for the WeChat Pay public key it names in Wechatpay-Serial', async () => {
      const b = await bill(client, 200_000, '张三');
      expect(b.state).toBe('WAIT_USER_CONFIRM');
      expect(fake.transfer(b.out_bill_no).userName).toBe('张三');
      const call = fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').at(-1)!;
      expect(call.headers['wechatpay-serial']).toBe(fake.keys.wechatPay.serial);
      expect(call.rawBody).not.toContain('张三');
    });

    it('uses the platform certificate when that is the only key configured', async () => {
      const platformOnly = clientWith({
        WXPAY_PUBLIC_KEYS: JSON.stringify({ [fake.keys.platform.serial]: fake.keys.platform.certificate }),
      });
      const b = await bill(platformOnly, 250_000, '李四');
      expect(fake.transfer(b.out_bill_no).userName).toBe('李四');
      expect(fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').at(-1)!.headers['wechatpay-serial']).toBe(fake.keys.platform.serial);
    });

    it('refuses 2,000 yuan and more without a name before calling; below that no name and no serial are sent', async () => {
      const before = fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').length;
      expect(await caught(bill(client, 200_000))).toBeInstanceOf(RangeError);
      expect(fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills')).toHaveLength(before);
      const b = await bill(client, 199_999);
      const call = fake.callsTo('/v3/fund-app/mch-transfer/transfer-bills').at(-1)!;
      expect([call.headers['wechatpay-serial'], (call.body as Record<string, unknown>).user_name]).toEqual([undefined, undefined]);
      expect(fake.transfer(b.out_bill_no).userName).toBeUndefined();
    });

    it('the fake refuses a name encrypted for a key WeChat Pay does not hold', async () => {
      // The merchant's config lists a key that is not WeChat Pay's (a wrong PEM pasted under the right serial).
      const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const misconfigured = clientWith({ WXPAY_PUBLIC_KEYS: JSON.stringify({ [fake.keys.wechatPay.serial]: wrong }) });
      const err = await caught(bill(misconfigured, 200_000, '王五'));
      expect(err).toBeInstanceOf(WechatPayApiError);
      expect((err as WechatPayApiError).code).toBe('PARAM_ERROR');
    });
  });

  describe('failures', () => {
    it('maps 5xx and SYSTEM_ERROR to WechatPayUnavailableError', async () => {
      fake.failNext('POST', JSAPI, FakeWechatPay.SYSTEM_ERROR);
      expect(await caught(prepay())).toMatchObject({
        name: 'WechatPayUnavailableError',
        status: 500,
        code: 'SYSTEM_ERROR',
        retryable: true,
      });
      fake.failNext('POST', JSAPI, { status: 502, body: '<html>Bad Gateway</html>' });
      expect(await caught(prepay())).toMatchObject({ name: 'WechatPayUnavailableError', status: 502, code: 'HTTP_502' });
    });

    it('maps 429 FREQUENCY_LIMITED to a retryable WechatPayApiError', async () => {
      fake.failNext('POST', JSAPI, FakeWechatPay.FREQUENCY_LIMITED);
      const err = await caught(prepay());
      expect(err).toBeInstanceOf(WechatPayApiError);
      expect(err).toMatchObject({ status: 429, code: 'FREQUENCY_LIMITED', retryable: true });
    });

    it('times out after WXPAY_TIMEOUT_MS', async () => {
      // Short enough to be over before the suite ends (a pending delay would hold Jest open).
      fake.failNext('POST', JSAPI, { delayMs: TIMEOUT_MS + 500, body: { prepay_id: 'wx_late' } });
      const started = Date.now();
      const err = await caught(prepay());
      const elapsed = Date.now() - started;
      expect(err).toBeInstanceOf(WechatPayUnavailableError);
      expect((err as Error).message).toMatch(`timed out after ${TIMEOUT_MS}ms`);
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(elapsed).toBeLessThan(TIMEOUT_MS + 1000);
    });

    it('maps a refused connection to WechatPayUnavailableError', async () => {
      const port = await freePort();
      const err = await caught(clientWith({ WXPAY_BASE_URL: `http://127.0.0.1:${port}` }).queryByOutTradeNo(newTradeNo()));
      expect(err).toBeInstanceOf(WechatPayUnavailableError);
      expect((err as Error).message).toMatch(/ECONNREFUSED/);
    });

    it('treats a 2xx without the expected fields as unavailable, not as success', async () => {
      fake.failNext('POST', JSAPI, { status: 200, body: { unexpected: true } });
      expect(await caught(prepay())).toMatchObject({ name: 'WechatPayUnavailableError', reason: 'response without prepay_id' });
    });
  });
});

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise((resolve) => srv.close(resolve));
  return port;
}
