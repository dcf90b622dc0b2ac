import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a login bridge request: when it was signed (Unix seconds) and the signature over `timestamp.body`. */
export const TIMESTAMP_HEADER = 'x-wxmall-timestamp';
export const SIGNATURE_HEADER = 'x-wxmall-signature';
/** A receiver refuses requests signed longer ago (or further ahead) than this: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** `v1=` + hex HMAC-SHA256 with the shared secret over `<timestamp>.<raw body>` (README "Login bridge"). */
export function signBridgeRequest(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What the existing backend does with a request (also what the tests' fake backend runs): the timestamp within the
 * tolerance of its clock, and the signature equal in constant time.
 */
export function verifyBridgeRequest(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  nowSeconds: number,
): boolean {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signBridgeRequest(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
