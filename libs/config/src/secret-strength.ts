/** Production refuses signing secrets below this estimate. */
export const MIN_SECRET_BITS = 128;
const MIN_SECRET_LENGTH = 32;

/**
 * The rule for secrets that sign tokens: at least 32 characters, not one shorter pattern repeated, and at
 * least 128 bits estimated as length x the Shannon entropy of the secret's own character frequencies. The
 * estimate is low for short alphabets and repeated characters; `openssl rand -base64 48` (about 300 bits by
 * this estimate) and `openssl rand -hex 32` (about 240) pass, a 32-character hex string (about 115) does not.
 * Returns why a secret is weak, or undefined.
 */
export function secretWeakness(secret: string): string | undefined {
  const chars = [...secret];
  if (chars.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
  const period = repeatPeriod(chars);
  if (period !== undefined) return `repeats a pattern of ${period} character${period === 1 ? '' : 's'}`;
  const bits = estimateSecretBits(secret);
  if (bits < MIN_SECRET_BITS) return `has about ${Math.floor(bits)} bits of entropy by estimate (at least ${MIN_SECRET_BITS} needed)`;
  return undefined;
}

/** length x Shannon entropy (bits per character) of the character frequencies. */
export function estimateSecretBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * chars.length;
}

/** The shortest period p (at most half the length) with chars[i] === chars[i - p] everywhere, if any. */
function repeatPeriod(chars: string[]): number | undefined {
  for (let p = 1; p * 2 <= chars.length; p++) {
    let periodic = true;
    for (let i = p; i < chars.length && periodic; i++) periodic = chars[i] === chars[i - p];
    if (periodic) return p;
  }
  return undefined;
}
