const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh Idempotency-Key (32 characters of [a-z0-9]; wxmall takes 8-64 of [A-Za-z0-9_-]): the time, then random
 * characters. It only has to be unique among one shopper's order attempts.
 */
export function newIdempotencyKey(): string {
  let key = Date.now().toString(36);
  while (key.length < 32) key += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return key;
}
