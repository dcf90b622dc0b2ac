import { DUMMY_HASH, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$16384$8$1$')).toBe(true);
    await expect(verifyPassword(a, 'correct horse')).resolves.toBe(true);
    await expect(verifyPassword(a, 'wrong horse')).resolves.toBe(false);
  });

  it('never matches the dummy hash or a malformed one', async () => {
    await expect(verifyPassword(DUMMY_HASH, '')).resolves.toBe(false);
    await expect(verifyPassword('plain-text', 'plain-text')).resolves.toBe(false);
  });
});
