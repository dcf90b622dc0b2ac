import { createHmac } from 'node:crypto';
import { signBridgeRequest, verifyBridgeRequest } from './bridge-signature';

const SECRET = 'bridge-secret-for-unit-tests-0123456789';
const BODY = '{"type":"wechat.login","openid":"o1"}';

describe('login bridge signature', () => {
  it('is t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>"> (the webhooks format, what the README tells receivers)', () => {
    const expected = createHmac('sha256', SECRET).update(`1764500000.${BODY}`).digest('hex');
    expect(signBridgeRequest(SECRET, 1764500000, BODY)).toBe(`t=1764500000,v1=${expected}`);
  });

  it('verifies within the tolerance only, and for the exact body, secret and timestamp', () => {
    const header = signBridgeRequest(SECRET, 1000, BODY);
    const ok = (h: string | undefined, body = BODY, secret = SECRET, now = 1000) => verifyBridgeRequest(secret, h, body, now);
    expect(ok(header)).toBe(true);
    expect(ok(header, BODY, SECRET, 1300)).toBe(true);
    expect(ok(header, BODY, SECRET, 1301)).toBe(false);
    expect(ok(header, BODY, SECRET, 699)).toBe(false);
    expect(ok(header, `${BODY} `)).toBe(false);
    expect(ok(header, BODY, `${SECRET}x`)).toBe(false);
    expect(ok(header.replace('t=1000', 't=1001'), BODY, SECRET, 1001)).toBe(false);
    expect(ok(undefined)).toBe(false);
    expect(ok(header.slice(0, -1))).toBe(false);
    expect(ok(header.replace('t=1000', 't=1e3'))).toBe(false);
  });
});
