import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('correct horse', CHEAP);
    const b = await hashPassword('correct horse', CHEAP);
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword(a, 'correct horse')).resolves.toBe(true);
    await expect(verifyPassword(a, 'wrong horse')).resolves.toBe(false);
  });

  it('never matches the dummy hash or a malformed one', async () => {
    await expect(verifyPassword(dummyHash(CHEAP), '')).resolves.toBe(false);
    await expect(verifyPassword('plain-text', 'plain-text')).resolves.toBe(false);
    await expect(verifyPassword('scrypt$1000$8$1$AAAA$AAAA', 'x')).resolves.toBe(false); // N not a power of two
    await expect(verifyPassword(`scrypt$${2 ** 24}$8$1$AAAA$AAAA`, 'x')).resolves.toBe(false); // absurd cost
  });

  it('verifies hashes made with older parameters and says they need a rehash', async () => {
    const old = await hashPassword('pw', CHEAP);
    const current = { N: 2 ** 11, r: 8, p: 1 };
    await expect(verifyPassword(old, 'pw')).resolves.toBe(true);
    expect(needsRehash(old, current)).toBe(true);
    expect(needsRehash(await hashPassword('pw', current), current)).toBe(false);
  });
});
