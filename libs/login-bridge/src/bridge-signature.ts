import { signBody, verifySignedBody } from '@app/common';

/**
 * The signature header of a login bridge request, in the webhooks' format so one receiver check serves both:
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (README "Login bridge" and "Webhooks").
 */
export const SIGNATURE_HEADER = 'x-wxmall-signature';
/** A receiver refuses requests signed longer ago (or further ahead) than this: a captured request cannot be replayed later. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signBridgeRequest(secret: string, timestamp: number, body: string): string {
  return signBody([secret], timestamp, body);
}

/** What the existing backend does with a request (also what the tests' fake backend runs). */
export function verifyBridgeRequest(secret: string, header: string | undefined, body: string, nowSeconds: number): boolean {
  return verifySignedBody(secret, header, body, nowSeconds, SIGNATURE_TOLERANCE_SECONDS);
}
