import { createHmac } from 'node:crypto';
import { signBridgeRequest, verifyBridgeRequest } from './bridge-signature';

const SECRET = 'bridge-secret-for-unit-tests-0123456789';
const BODY = '{"type":"wechat.login","openid":"o1"}';

describe('login bridge signature', () => {
  it('is v1= and the hex HMAC-SHA256 of "<timestamp>.<body>" (what the README tells receivers)', () => {
    const expected = createHmac('sha256', SECRET).update(`1764500000.${BODY}`).digest('hex');
    expect(signBridgeRequest(SECRET, 1764500000, BODY)).toBe(`v1=${expected}`);
  });

  it('verifies within the tolerance only, and for the exact body and secret', () => {
    const signature = signBridgeRequest(SECRET, 1000, BODY);
    const ok = (ts: string, sig: string | undefined, body = BODY, secret = SECRET, now = 1000) =>
      verifyBridgeRequest(secret, { timestamp: ts, signature: sig }, body, now);
    expect(ok('1000', signature)).toBe(true);
    expect(ok('1000', signature, BODY, SECRET, 1300)).toBe(true);
    expect(ok('1000', signature, BODY, SECRET, 1301)).toBe(false);
    expect(ok('1000', signature, BODY, SECRET, 699)).toBe(false);
    expect(ok('1000', signature, `${BODY} `)).toBe(false);
    expect(ok('1000', signature, BODY, `${SECRET}x`)).toBe(false);
    expect(ok('1001', signature, BODY, SECRET, 1001)).toBe(false);
    expect(ok('1000', undefined)).toBe(false);
    expect(ok('1000', signature.slice(0, -1))).toBe(false);
    expect(ok('1e3', signature)).toBe(false);
  });
});
