import { generateKeyPairSync } from 'node:crypto';
import { ManualClock } from '@app/common/testing';
import { type AppConfig, loadConfig } from '@app/config';
import { type FakeNotification, FakeWechatPay, generateTestPayKeys, type TestPayKeys, testPayEnv } from '@app/testing';
import { NotifyVerificationError } from './wechat-pay.errors';
import { WechatPayNotifyVerifier } from './wechat-pay-notify.verifier';

describe('WechatPayNotifyVerifier', () => {
  let keys: TestPayKeys;
  let clock: ManualClock;
  let fake: FakeWechatPay;
  let verifier: WechatPayNotifyVerifier;

  const configWith = (
    env: Record<string, string> = {},
    publicKeys: Array<'wechatpay' | 'platform'> = ['wechatpay', 'platform'],
  ): AppConfig => loadConfig({ NODE_ENV: 'test', ...testPayEnv(keys, { baseUrl: 'http://127.0.0.1:9', publicKeys }), ...env });
  const raw = (n: FakeNotification): Buffer => Buffer.from(n.body, 'utf8');
  const reasonOf = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      if (err instanceof NotifyVerificationError) return err.reason;
      throw err;
    }
    return 'accepted';
  };
  const verdict = (n: FakeNotification, v = verifier): string => reasonOf(() => v.verify(raw(n), n.headers));

  /** A paid order at the fake, without going through HTTP. */
  const paidOrder = (outTradeNo: string, total = 2990): void => {
    fake.orders.set(outTradeNo, {
      appid: fake.appid,
      mchid: keys.mchId,
      outTradeNo,
      description: 'T恤 x1',
      notifyUrl: 'https://shop.example.test/api/v1/payments/wechat/notify',
      total,
      openid: 'o_buyer_1',
      prepayId: 'wx0000',
      state: 'NOTPAY',
    });
    fake.pay(outTradeNo);
  };

  beforeAll(async () => {
    keys = await generateTestPayKeys();
    clock = new ManualClock(new Date('2026-11-22T05:04:05Z'));
    fake = new FakeWechatPay({ keys, clock });
    verifier = new WechatPayNotifyVerifier(configWith(), clock);
    paidOrder('ORDER_VERIFY_1');
  });

  it('verifies and decrypts a payment notification', () => {
    const n = fake.transactionNotification('ORDER_VERIFY_1');
    const { event, resource } = verifier.verifyTransaction(raw(n), n.headers);
    expect(event).toEqual({
      id: n.id,
      event_type: 'TRANSACTION.SUCCESS',
      create_time: '2026-11-22T13:04:05+08:00',
      resource_type: 'encrypt-resource',
      summary: '支付成功',
    });
    const order = fake.order('ORDER_VERIFY_1');
    expect(resource).toMatchObject({
      appid: fake.appid,
      mchid: keys.mchId,
      out_trade_no: 'ORDER_VERIFY_1',
      transaction_id: order.transactionId,
      trade_state: 'SUCCESS',
      success_time: '2026-11-22T13:04:05+08:00',
      payer: { openid: 'o_buyer_1' },
      amount: { total: 2990, payer_total: 2990, currency: 'CNY' },
    });
  });

  it('reads headers case-insensitively (Fastify lower-cases them)', () => {
    const n = fake.transactionNotification('ORDER_VERIFY_1');
    const lower = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const upper = Object.fromEntries(Object.entries(n.headers).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifier.verify(raw(n), lower).event.id).toBe(n.id);
    expect(verifier.verify(raw(n), upper).event.id).toBe(n.id);
  });

  it('verifies and decrypts a refund notification', () => {
    paidOrder('ORDER_VERIFY_R', 5000);
    fake.refunds.set('R_VERIFY_1', {
      refundId: '50300000000001',
      outRefundNo: 'R_VERIFY_1',
      outTradeNo: 'ORDER_VERIFY_R',
      transactionId: fake.order('ORDER_VERIFY_R').transactionId!,
      refund: 1200,
      total: 5000,
      status: 'PROCESSING',
      createTime: clock.now(),
    });
    fake.settleRefund('R_VERIFY_1', 'SUCCESS');
    const n = fake.refundNotification('R_VERIFY_1');
    const { event, resource } = verifier.verifyRefund(raw(n), n.headers);
    expect(event.event_type).toBe('REFUND.SUCCESS');
    expect(resource).toMatchObject({
      out_refund_no: 'R_VERIFY_1',
      out_trade_no: 'ORDER_VERIFY_R',
      refund_id: '50300000000001',
      refund_status: 'SUCCESS',
      amount: { total: 5000, refund: 1200 },
    });
    // The payment URL refuses a refund event (authentic, but not its business).
    expect(reasonOf(() => verifier.verifyTransaction(raw(n), n.headers))).toBe('unexpected_event');

    fake.settleRefund('R_VERIFY_1', 'ABNORMAL');
    const abnormal = fake.refundNotification('R_VERIFY_1');
    expect(verifier.verifyRefund(raw(abnormal), abnormal.headers).event.event_type).toBe('REFUND.ABNORMAL');
  });

  describe('rejects forgeries with the right reason', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const cases: Array<[string, Parameters<FakeWechatPay['transactionNotification']>[1], string]> = [
      ['a flipped signature bit', { tamper: 'signature' }, 'bad_signature'],
      ['a signature by another key', { signWith: other }, 'bad_signature'],
      ['a body changed after signing', { tamper: 'body' }, 'bad_signature'],
      ['a WECHATPAY/SIGNTEST/ probe', { signTestProbe: true }, 'bad_signature'],
      ['an unknown serial', { serial: 'PUB_KEY_ID_0000000000000000000000000000000099' }, 'unknown_serial'],
      ['a timestamp 301 s old', { timestampOffsetSec: -301 }, 'stale_timestamp'],
      ['a timestamp 301 s ahead', { timestampOffsetSec: 301 }, 'stale_timestamp'],
      ['tampered ciphertext (re-signed)', { tamper: 'ciphertext' }, 'decrypt_failed'],
      ['a tampered GCM tag (re-signed)', { tamper: 'tag' }, 'decrypt_failed'],
      ['a wrong associated_data (re-signed)', { tamper: 'aad' }, 'decrypt_failed'],
    ];
    it.each(cases)('%s', (_name, opts, reason) => {
      expect(verdict(fake.transactionNotification('ORDER_VERIFY_1', opts))).toBe(reason);
    });

    it('accepts up to 300 s of skew either way', () => {
      expect(verdict(fake.transactionNotification('ORDER_VERIFY_1', { timestampOffsetSec: -300 }))).toBe('accepted');
      expect(verdict(fake.transactionNotification('ORDER_VERIFY_1', { timestampOffsetSec: 300 }))).toBe('accepted');
    });

    it('judges age by the injected clock', () => {
      const n = fake.transactionNotification('ORDER_VERIFY_1');
      const late = new ManualClock(clock.now());
      late.advance(301_000);
      expect(verdict(n, new WechatPayNotifyVerifier(configWith(), late))).toBe('stale_timestamp');
      late.advance(-602_000);
      expect(verdict(n, new WechatPayNotifyVerifier(configWith(), late))).toBe('stale_timestamp');
    });

    it.each(['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'])('a missing %s header', (name) => {
      const n = fake.transactionNotification('ORDER_VERIFY_1');
      const headers = { ...n.headers };
      delete headers[name];
      expect(verdict({ ...n, headers })).toBe('missing_headers');
    });

    it('a body that is re-serialized, even to equal JSON', () => {
      const n = fake.transactionNotification('ORDER_VERIFY_1');
      expect(verdict({ ...n, body: JSON.stringify(JSON.parse(n.body), null, 1) })).toBe('bad_signature');
    });

    it('malformed JSON, even when correctly signed', () => {
      const body = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS",';
      expect(verdict({ id: 'x', body, headers: fake.signBody(body) })).toBe('malformed_body');
      const noResource = JSON.stringify({ id: 'EV-2', event_type: 'TRANSACTION.SUCCESS' });
      expect(verdict({ id: 'x', body: noResource, headers: fake.signBody(noResource) })).toBe('malformed_body');
    });

    it('a decrypted transaction that lacks its fields', () => {
      const n = fake.notification('TRANSACTION.SUCCESS', '支付成功', 'transaction', { trade_state: 'SUCCESS' });
      expect(reasonOf(() => verifier.verifyTransaction(raw(n), n.headers))).toBe('malformed_body');
    });

    it('a resource encrypted under another APIv3 key, without leaking either key', () => {
      const n = fake.transactionNotification('ORDER_VERIFY_1');
      const otherKey = 'abcdefghijklmnopqrstuvwxyz012345';
      const v = new WechatPayNotifyVerifier(configWith({ WXPAY_APIV3_KEY: otherKey }), clock);
      expect(verdict(n, v)).toBe('decrypt_failed');
      try {
        v.verify(raw(n), n.headers);
      } catch (err) {
        expect(String(err)).not.toContain(otherKey);
        expect(String(err)).not.toContain(keys.apiV3Key);
      }
    });
  });

  describe('key selection by Wechatpay-Serial', () => {
    it('verifies both the public key and the platform certificate during a migration', () => {
      const byPublicKey = fake.transactionNotification('ORDER_VERIFY_1', { key: 'wechatpay' });
      const byCertificate = fake.transactionNotification('ORDER_VERIFY_1', { key: 'platform' });
      expect(byPublicKey.headers['Wechatpay-Serial']).toMatch(/^PUB_KEY_ID_TEST\d+$/);
      expect(byCertificate.headers['Wechatpay-Serial']).toMatch(/^[0-9A-F]{40}$/);
      expect(verdict(byPublicKey)).toBe('accepted');
      expect(verdict(byCertificate)).toBe('accepted');
      // A certificate serial in lower case still finds its key.
      const lower = { ...byCertificate, headers: { ...byCertificate.headers, 'Wechatpay-Serial': keys.platform.serial.toLowerCase() } };
      expect(verdict(lower)).toBe('accepted');
    });

    it('uses the key of the claimed serial, not any key that would verify', () => {
      const n = fake.transactionNotification('ORDER_VERIFY_1', { key: 'platform', serial: keys.wechatPay.serial });
      expect(verdict(n)).toBe('bad_signature');
    });

    it('rejects a serial that is not configured, without fetching anything', () => {
      const publicKeyOnly = new WechatPayNotifyVerifier(configWith({}, ['wechatpay']), clock);
      const fetchSpy = jest.spyOn(globalThis, 'fetch');
      expect(verdict(fake.transactionNotification('ORDER_VERIFY_1', { key: 'platform' }), publicKeyOnly)).toBe('unknown_serial');
      expect(fetchSpy).not.toHaveBeenCalled();
      fetchSpy.mockRestore();
    });

    it('refuses at construction a certificate configured under another serial', () => {
      const env = { WXPAY_PUBLIC_KEYS: JSON.stringify({ ABCDEF0123456789: keys.platform.certificate }) };
      expect(() => new WechatPayNotifyVerifier(configWith(env), clock)).toThrow(/certificate's serial is/);
    });
  });
});
