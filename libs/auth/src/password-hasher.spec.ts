import { Metrics } from '@app/common';
import { type AppConfig, loadConfig } from '@app/config';
import { PasswordHasher } from './password-hasher';

function hasher(concurrency: number): { hasher: PasswordHasher; computed: () => Promise<number> } {
  const config: AppConfig = loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_CONCURRENCY: String(concurrency) });
  const metrics = new Metrics();
  const computed = async (): Promise<number> => {
    const m = await metrics.registry.getSingleMetric('password_hashes_total')!.get();
    return m.values.reduce((sum, v) => sum + v.value, 0);
  };
  return { hasher: new PasswordHasher(config, metrics), computed };
}

describe('PasswordHasher', () => {
  it('starts a derivation only when one of its slots is free', async () => {
    const { hasher: h, computed } = hasher(1);
    const stored = await h.hash('pw');
    const runs = [h.verify(stored, 'pw'), h.verify(stored, 'nope'), h.verify(undefined, 'pw')];
    expect(await computed()).toBe(2); // the hash above + the first verify; the other two wait
    await runs[0];
    expect(await computed()).toBe(3);
    expect(await Promise.all(runs)).toEqual([true, false, false]);
    expect(await computed()).toBe(4);
  });

  it('refuses at once, with 429, beyond 8 waiting callers per slot', async () => {
    const { hasher: h } = hasher(2);
    const stored = await h.hash('pw');
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, () => h.verify(stored, 'pw')));
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(outcomes.length - refused.length).toBe(2 + 16);
    expect(refused.map((o) => o.reason)).toEqual([
      expect.objectContaining({ status: 429, code: 'RATE_LIMITED' }),
      expect.objectContaining({ status: 429, code: 'RATE_LIMITED' }),
    ]);
    expect(h.hasRoom()).toBe(true);
  });
});
