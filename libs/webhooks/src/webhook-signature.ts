import { createHmac, randomBytes } from 'node:crypto';
import { signBody } from '@app/common';

/** The header a receiver verifies: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">` (one v1 per valid secret). */
export const SIGNATURE_HEADER = 'x-wxmall-signature';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The signature header's value: during a rotation's overlap both secrets sign, so either verifies. */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string): string {
  return signBody(secrets, timestamp, body);
}
