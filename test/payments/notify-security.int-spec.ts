import { generateKeyPairSync } from 'node:crypto';
import { buy, moneySnapshot, NOTIFY, type PayWorld, pressPay, startPayWorld } from './pay-fixtures';

/** Every forged or broken notification is refused with 4xx {code: FAIL} and changes nothing. */
describe('payment notification security', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startPayWorld();
  });
  afterAll(() => w?.close());

  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  it.each([
    ['a bad signature', { tamper: 'signature' }, 401],
    ['a signature by another key', { signWith: stranger }, 401],
    ['an unknown serial', { serial: 'PUB_KEY_ID_0000UNKNOWN' }, 401],
    ['a stale timestamp', { timestampOffsetSec: -301 }, 401],
    ['a timestamp from the future', { timestampOffsetSec: 301 }, 401],
    ['tampered ciphertext', { tamper: 'ciphertext' }, 401],
    ['a tampered auth tag', { tamper: 'tag' }, 401],
    ['tampered associated data', { tamper: 'aad' }, 401],
    ['a body changed after signing', { tamper: 'body' }, 401],
    ['a signature probe', { signTestProbe: true }, 401],
    ['the wrong amount', { amountTotal: 1 }, 400],
    ['another merchant id', { mchid: '1999999999' }, 400],
    ['another appid', { appid: 'wxother0000000000b' }, 400],
  ] as const)('refuses %s', async (_, forgery, status) => {
    const b = await buy(w);
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    const before = await moneySnapshot(w.t);
    const res = await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo, forgery));
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ code: 'FAIL', message: expect.any(String) });
    expect(await moneySnapshot(w.t)).toEqual(before);
    // The genuine notification still works afterwards.
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
  });

  it('refuses a missing or malformed body without a 500', async () => {
    for (const body of ['', 'not json', '{}']) {
      const res = await w.t.http.post(NOTIFY, undefined, {
        rawBody: body || ' ',
        headers: { 'wechatpay-timestamp': '1', 'wechatpay-nonce': 'n', 'wechatpay-signature': 's', 'wechatpay-serial': 'x' },
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});
