import { createHmac, timingSafeEqual } from 'node:crypto';
import { hmacHex, newWebhookSecret, signatureHeader } from './webhook-signature';

/** What the README tells a receiver to do, written independently of the signer. */
function verify(header: string, body: string, secret: string, nowSeconds: number): boolean {
  const parts = header.split(',').map((p) => p.split('=') as [string, string]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

describe('webhook signatures', () => {
  const body = JSON.stringify({ id: 'e1', type: 'order.paid', data: { orderNo: 'A1' } });

  it('signs timestamp.body with every given secret, and a receiver with either verifies', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const header = signatureHeader([a, b], 1_700_000_000, body);
    expect(header).toBe(`t=1700000000,v1=${hmacHex(a, 1_700_000_000, body)},v1=${hmacHex(b, 1_700_000_000, body)}`);
    expect(verify(header, body, a, 1_700_000_010)).toBe(true);
    expect(verify(header, body, b, 1_700_000_010)).toBe(true);
  });

  it('fails for another secret, a changed body or an old timestamp', () => {
    const a = newWebhookSecret();
    const header = signatureHeader([a], 1_700_000_000, body);
    expect(verify(header, body, newWebhookSecret(), 1_700_000_000)).toBe(false);
    expect(verify(header, body.replace('A1', 'A2'), a, 1_700_000_000)).toBe(false);
    expect(verify(header, body, a, 1_700_001_000)).toBe(false);
  });

  it('makes distinct, unguessable secrets', () => {
    const s = newWebhookSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(s);
  });
});
