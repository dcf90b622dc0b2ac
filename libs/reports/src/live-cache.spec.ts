import { ManualClock } from '@app/common/testing';
import type { AppConfig } from '@app/config';
import { LiveCache } from './live-cache';

describe('LiveCache', () => {
  const clock = new ManualClock(1_000_000);
  const cache = (liveMaxAgeMs: number): LiveCache => new LiveCache(clock, { reports: { liveMaxAgeMs } } as AppConfig);

  it('reads again only past the age, serving the old value (up to twice the age) while one read refreshes it', async () => {
    const c = cache(5000);
    let reads = 0;
    let release: (() => void) | undefined;
    const load = (): Promise<number> => {
      const n = ++reads;
      return release === undefined ? Promise.resolve(n) : new Promise((r) => (release = () => r(n)));
    };
    expect(await c.get('day:1', load)).toEqual({ value: 1, readAt: new Date(1_000_000) });
    clock.advance(4999);
    expect((await c.get('day:1', load)).value).toBe(1);
    expect(reads).toBe(1);

    // Stale: the old value comes back at once, one read refreshes it however many readers ask meanwhile.
    clock.advance(1);
    release = () => undefined;
    expect((await c.get('day:1', load)).value).toBe(1);
    expect((await c.get('day:1', load)).value).toBe(1);
    expect(reads).toBe(2);
    release();
    await new Promise((r) => setImmediate(r));
    expect(await c.get('day:1', load)).toEqual({ value: 2, readAt: new Date(1_005_000) });

    // Too old to serve (twice the age): the reader waits for a fresh read.
    release = undefined;
    clock.advance(10_000);
    expect(await c.get('day:1', load)).toEqual({ value: 3, readAt: new Date(1_015_000) });
    // Another key is another read.
    expect((await c.get('day:2', load)).value).toBe(4);
  });

  it('reads every time with age 0, and a failed read is not kept', async () => {
    const off = cache(0);
    let reads = 0;
    await off.get('k', () => Promise.resolve(++reads));
    await off.get('k', () => Promise.resolve(++reads));
    expect(reads).toBe(2);

    const c = cache(5000);
    await expect(c.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await c.get('k', () => Promise.resolve(7))).value).toBe(7);
  });
});
