import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * wxmall's signature of an outgoing request body (webhooks, login bridge), one format so one receiver check serves
 * both: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, one `v1` per secret valid at the time.
 */
export function signBody(secrets: readonly string[], timestamp: number, body: string): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${bodyHmac(s, timestamp, body)}`)].join(',');
}

/** What a receiver does: the timestamp within `toleranceSeconds` of its clock and a `v1` equal in constant time. */
export function verifySignedBody(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds: number,
): boolean {
  const parts = (header ?? '').split(',').map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1] ?? '';
  if (!/^\d{1,12}$/.test(t) || Math.abs(nowSeconds - Number(t)) > toleranceSeconds) return false;
  const expected = Buffer.from(bodyHmac(secret, Number(t), body));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

function bodyHmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}
