import type { JSONWebKeySet } from 'jose';
import { JwksCache, parseJwks } from './jwks-cache';

const set = (kid: string): JSONWebKeySet => ({ keys: [{ kty: 'EC', kid }] });

/** A cache over a scripted fetch and a hand-moved clock. */
function harness(opts = { maxAgeMs: 600_000, cooldownMs: 30_000 }) {
  let now = 1_000_000;
  const answers: (JSONWebKeySet | Error)[] = [];
  let fetches = 0;
  let release: (() => void) | undefined;
  let hold = false;
  const cache = new JwksCache(
    async () => {
      fetches++;
      if (hold) await new Promise<void>((r) => (release = r));
      const next = answers.shift() ?? new Error('no answer scripted');
      if (next instanceof Error) throw next;
      return next;
    },
    () => now,
    opts,
  );
  return {
    cache,
    answer: (...a: (JSONWebKeySet | Error)[]) => answers.push(...a),
    advance: (ms: number) => (now += ms),
    fetches: () => fetches,
    holdFetches: () => (hold = true),
    releaseFetch: () => {
      hold = false;
      release?.();
    },
  };
}

describe('JwksCache', () => {
  it('fetches once, then serves the set until it is older than the max age', async () => {
    const h = harness();
    h.answer(set('a'), set('b'));
    expect(await h.cache.current()).toEqual(set('a'));
    h.advance(599_999);
    expect(await h.cache.current()).toEqual(set('a'));
    expect(h.fetches()).toBe(1);
    h.advance(1);
    expect(await h.cache.current()).toEqual(set('b'));
    expect(h.fetches()).toBe(2);
  });

  it('shares one fetch between concurrent callers', async () => {
    const h = harness();
    h.answer(set('a'));
    h.holdFetches();
    const all = Promise.all([h.cache.current(), h.cache.current(), h.cache.refetchForUnknownKey()]);
    await Promise.resolve();
    h.releaseFetch();
    expect(await all).toEqual([set('a'), set('a'), set('a')]);
    expect(h.fetches()).toBe(1);
  });

  it('refetches for an unknown kid at most once per cooldown', async () => {
    const h = harness();
    h.answer(set('a'), set('b'), set('c'));
    await h.cache.current();
    expect(await h.cache.refetchForUnknownKey()).toBeUndefined();
    h.advance(29_999);
    expect(await h.cache.refetchForUnknownKey()).toBeUndefined();
    h.advance(1);
    expect(await h.cache.refetchForUnknownKey()).toEqual(set('b'));
    expect(await h.cache.refetchForUnknownKey()).toBeUndefined();
    expect(await h.cache.current()).toEqual(set('b'));
    expect(h.fetches()).toBe(2);
  });

  it('keeps the old set when a refresh fails, and waits a cooldown before asking again', async () => {
    const h = harness();
    h.answer(set('a'), new Error('down'), set('b'));
    await h.cache.current();
    h.advance(600_000);
    expect(await h.cache.current()).toEqual(set('a'));
    expect(await h.cache.current()).toEqual(set('a'));
    expect(h.fetches()).toBe(2);
    h.advance(30_000);
    expect(await h.cache.current()).toEqual(set('b'));
    expect(h.fetches()).toBe(3);
  });

  it('without any set, fails, and asks a down issuer at most once per cooldown', async () => {
    const h = harness();
    h.answer(new Error('down'), set('a'));
    await expect(h.cache.current()).rejects.toThrow('down');
    await expect(h.cache.current()).rejects.toThrow('within the cooldown');
    expect(h.fetches()).toBe(1);
    h.advance(30_000);
    expect(await h.cache.current()).toEqual(set('a'));
  });
});

describe('parseJwks', () => {
  it('takes {keys: [...]} and drops non-objects', () => {
    expect(parseJwks({ keys: [{ kty: 'RSA' }, 'x', null] })).toEqual({ keys: [{ kty: 'RSA' }] });
  });

  it.each([[null], [{}], [{ keys: 'no' }], ['text']])('refuses %p', (body) => {
    expect(() => parseJwks(body)).toThrow('not {"keys": [...]}');
  });
});
