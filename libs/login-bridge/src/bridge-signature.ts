import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature header of a login bridge request, in the webhooks' format so one receiver check serves both:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (README "Login bridge" and "Webhooks").
 */
export const SIGNATURE_HEADER = 'x-wxmall-signature';
/** A receiver refuses requests signed longer ago (or further ahead) than this: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signBridgeRequest(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What the existing backend does with a request (also what the tests' fake backend runs): the timestamp within the
 * tolerance of its clock, and a v1 signature equal in constant time.
 */
export function verifyBridgeRequest(secret: string, header: string | undefined, body: string, nowSeconds: number): boolean {
  const parts = (header ?? '').split(',').map((p) => p.split('='));
  const t = parts.find(([k]) => k === 't')?.[1] ?? '';
  if (!/^\d{1,12}$/.test(t) || Math.abs(nowSeconds - Number(t)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}
