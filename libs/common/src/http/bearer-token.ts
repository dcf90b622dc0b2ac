import { timingSafeEqual } from 'node:crypto';

/** `Authorization: Bearer <token>` against a configured token, in constant time (the length is not secret). */
export function bearerTokenMatches(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
