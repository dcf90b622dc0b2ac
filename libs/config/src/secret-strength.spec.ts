import { randomBytes } from 'node:crypto';
import { estimateSecretBits, MIN_SECRET_BITS, secretWeakness } from './secret-strength';

describe('secretWeakness', () => {
  it('passes what the README tells operators to generate', () => {
    for (let i = 0; i < 200; i++) {
      expect(secretWeakness(randomBytes(48).toString('base64'))).toBeUndefined(); // openssl rand -base64 48
      expect(secretWeakness(randomBytes(32).toString('hex'))).toBeUndefined(); // openssl rand -hex 32
    }
  });

  it.each([
    ['short', 'Zq8#vN2!pL5@', /shorter than 32/],
    ['one character', 'a'.repeat(64), /repeats a pattern of 1 character$/],
    ['a repeated word', 'secret'.repeat(8), /repeats a pattern of 6/],
    ['binary digits', '01101001110100101101001011010011010010', /bits of entropy/],
    ['a 32-digit hex string', '3f9a0c2e7b1d4a6f8e0b2c4d6a8f1e3b', /bits of entropy/],
  ])('refuses %s', (_, secret, why) => {
    expect(secretWeakness(secret)).toMatch(why);
  });

  it('estimates bits from character frequencies', () => {
    expect(estimateSecretBits('ab'.repeat(16))).toBe(32);
    expect(estimateSecretBits('0123456789abcdef'.repeat(4))).toBe(256);
    expect(MIN_SECRET_BITS).toBe(128);
  });
});
