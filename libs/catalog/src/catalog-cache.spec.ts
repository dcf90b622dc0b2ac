import type { DataSource } from 'typeorm';
import { ManualClock } from '@app/common/testing';
import type { AppConfig } from '@app/config';
import type { ReadReplicas } from '@app/database';
import { ADMISSION_KEYS, ADMISSION_WINDOW_MS, CatalogCache, ENTRY_OVERHEAD_BYTES } from './catalog-cache';

describe('CatalogCache', () => {
  let version: number;
  let reviews: number;
  let reads: number;
  const clock = new ManualClock(0);
  const ds = {
    manager: {
      // The embedded driver's type: plain statements then go through `query` (on MySQL they use the pool's connection).
      connection: { options: { type: 'sqljs' } },
      query: () => {
        reads++;
        return Promise.resolve([
          { id: 1, version },
          { id: 2, version: reviews },
        ]);
      },
    },
  } as unknown as DataSource;
  const cache = (maxBytes: number, staleBoundMs = 0): CatalogCache =>
    new CatalogCache(
      ds,
      clock,
      { staleBoundMs } as ReadReplicas,
      { catalogCache: { maxBytes, checkMs: 500, maxAgeMs: 10_000 } } as AppConfig,
    );

  beforeEach(() => {
    version = 1;
    reviews = 0;
    reads = 0;
  });

  it('reads the version at most once per interval and empties on a change', async () => {
    const c = cache(1 << 20);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await c.get('k', load)).toBe(1);
    expect(await c.get('k', load)).toBe(1);
    expect(reads).toBe(1);
    version = 2;
    expect(await c.get('k', load)).toBe(1); // not checked yet
    clock.advance(500);
    expect(await c.get('k', load)).toBe(2);
    expect(reads).toBe(2);
    clock.advance(10_000); // past the entry life (the version check is due too, unchanged)
    expect(await c.get('k', load)).toBe(3);
  });

  it('keeps its counted size under the cap, dropping the oldest first but sparing once an entry read since', async () => {
    const c = cache(64 * 1024);
    const big = 'x'.repeat(3000); // ~6.4 KB counted per entry (an object, not a body)
    for (let i = 0; i < 20; i++) await c.get(`k${i}`, () => Promise.resolve(big));
    await c.get('k19', () => Promise.resolve('reloaded'));
    expect(c.stats().bytes).toBeLessThanOrEqual(64 * 1024);
    expect(c.stats().entries).toBeLessThan(20);
    expect(c.peek('k0')).toBeUndefined();
    expect(c.peek('k19')).toBe(big);

    const d = cache(64 * 1024);
    await d.get('read', () => Promise.resolve(big));
    await d.get('unread', () => Promise.resolve(big));
    await d.get('read', () => Promise.resolve('reloaded')); // a hit: marked
    for (let i = 0; i < 9; i++) await d.get(`k${i}`, () => Promise.resolve(big));
    expect(d.peek('unread')).toBeUndefined();
    expect(d.peek('read')).toBe(big);
  });

  it('once full, stores an answer that asks for admission only on its second miss within the window', async () => {
    const c = cache(64 * 1024);
    const big = 'x'.repeat(3000); // 6,408-6,410 bytes counted: 10 fit
    let loads = 0;
    const page = (key: string): Promise<string> =>
      c.get(
        key,
        () => Promise.resolve((loads++, big)),
        'catalog',
        () => Infinity,
        true,
      ); // kept, as live pages
    // Not full: stored on the first miss, as any answer.
    for (let i = 0; i < 10; i++) await page(`hot${i}`);
    expect(c.stats().entries).toBe(10);
    await page('hot0'); // a hit (and marked read)
    expect(loads).toBe(10);
    // Full: a page read once is answered but not stored, and pushes nothing out.
    for (let i = 0; i < 20; i++) await page(`once${i}`);
    expect(loads).toBe(30);
    expect(c.stats().entries).toBe(10);
    for (let i = 0; i < 20; i++) expect(c.peek(`once${i}`)).toBeUndefined();
    // Its second miss within the window stores it (pushing out the oldest unread one).
    await page('once3');
    expect(c.peek('once3')).toBe(big);
    expect(c.peek('hot0')).toBe(big);
    expect(c.peek('hot1')).toBeUndefined();
    expect(await page('once3')).toBe(big);
    expect(loads).toBe(31);

    // A second miss after the window (two generations) counts as a first again.
    await page('late');
    clock.advance(2 * ADMISSION_WINDOW_MS);
    await page('late');
    expect(c.peek('late')).toBeUndefined();
    await page('late');
    expect(c.peek('late')).toBe(big);

    // So does one pushed out by ADMISSION_KEYS other misses (the remembered keys are bounded).
    await page('crowded');
    for (let i = 0; i < 2 * ADMISSION_KEYS; i++) await page(`crowd${i}`);
    await page('crowded');
    expect(c.peek('crowded')).toBeUndefined();

    // Answers that do not ask for admission are stored on their first miss, full or not.
    await c.get('plain', () => Promise.resolve(big));
    expect(c.peek('plain')).toBe(big);
    expect(c.stats().bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it('stores an admission-checked answer whose load another request joined', async () => {
    const c = cache(64 * 1024);
    const big = 'x'.repeat(3000);
    for (let i = 0; i < 10; i++) await c.get(`k${i}`, () => Promise.resolve(big));
    let release!: (v: string) => void;
    const slow = (): Promise<string> => new Promise((r) => (release = r));
    const alone = c.get('alone', () => Promise.resolve(big), 'catalog', undefined, true);
    expect(await alone).toBe(big);
    expect(c.peek('alone')).toBeUndefined();
    const both = Promise.all([1, 2].map(() => c.get('joined', slow, 'catalog', undefined, true)));
    await new Promise((r) => setImmediate(r));
    release(big);
    expect(await both).toEqual([big, big]);
    expect(c.peek('joined')).toBe(big);
  });

  it('shares one load among concurrent misses of a key', async () => {
    const c = cache(1 << 20);
    let loads = 0;
    let release!: (v: number) => void;
    const slow = (): Promise<number> => {
      loads++;
      return new Promise((r) => (release = r));
    };
    const answers = Promise.all([c.get('k', slow), c.get('k', slow), c.get('k', slow)]);
    await new Promise((r) => setImmediate(r));
    release(7);
    expect(await answers).toEqual([7, 7, 7]);
    expect(loads).toBe(1);
    expect(await c.get('k', slow)).toBe(7); // cached
  });

  it('loads without caching when off', async () => {
    const c = cache(0);
    let loads = 0;
    await c.get('k', () => Promise.resolve(++loads));
    await c.get('k', () => Promise.resolve(++loads));
    expect(loads).toBe(2);
    expect(reads).toBe(0);
  });

  it('forgets at once when told of a change, and checks the version on the next read', async () => {
    const c = cache(1 << 20);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await c.get('k', load)).toBe(1);
    version = 2;
    c.forget();
    expect(await c.get('k', load)).toBe(2);
    expect(reads).toBe(2);
    expect(await c.get('k', load)).toBe(2);
  });

  it('does not store an answer whose load was overtaken by a change it was told of', async () => {
    const c = cache(1 << 20);
    let release!: () => void;
    const slow = c.get('k', () => new Promise<string>((r) => (release = () => r('before'))));
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    c.forget();
    release();
    expect(await slow).toBe('before');
    expect(await c.get('k', () => Promise.resolve('after'))).toBe('after');
  });

  it('keeps answers stored just after a change (replica reads) no longer than the replicas may lag', async () => {
    const c = cache(1 << 20, 2000);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    clock.advance(1000);
    expect(await c.get('k', load)).toBe(1); // the first version seen counts as a change
    clock.advance(1999);
    expect(await c.get('k', load)).toBe(1);
    clock.advance(1);
    expect(await c.get('k', load)).toBe(2); // a replica may have been behind for the first 2 s: read again
    clock.advance(9000);
    expect(await c.get('k', load)).toBe(2); // stored after the bound: the normal entry life
  });

  it('drops only the scope whose version changed; review summaries live until their version changes', async () => {
    const c = cache(1 << 20);
    let loads = 0;
    const load = () => Promise.resolve(++loads);
    expect(await c.get('product', load)).toBe(1);
    expect(await c.get('summary', load, 'reviews')).toBe(2);
    reviews = 1;
    clock.advance(500);
    expect(await c.get('product', load)).toBe(1); // the catalog's entries stay
    expect(await c.get('summary', load, 'reviews')).toBe(3);
    clock.advance(60_000); // far past the catalog's entry life
    expect(await c.get('summary', load, 'reviews')).toBe(3);
    expect(await c.get('product', load)).toBe(4);
    version = 2;
    c.forget('catalog');
    expect(await c.get('summary', load, 'reviews')).toBe(3);
    expect(await c.get('product', load)).toBe(5);
  });

  it('counts a body by its bytes and lets go of expired entries without being asked for them', async () => {
    const c = cache(1 << 20);
    const body = await c.body('page', () => Promise.resolve({ title: '衬衫', n: 1 }));
    expect(JSON.parse(body.toString('utf8'))).toEqual({ title: '衬衫', n: 1 });
    expect(c.stats().bytes).toBe(body.byteLength + 'page'.length + ENTRY_OVERHEAD_BYTES);
    expect(await c.body('page', () => Promise.resolve({}))).toBe(body); // the same bytes, not serialized again
    await c.get('summary', () => Promise.resolve(1), 'reviews');
    clock.advance(10_000);
    await c.get('other', () => Promise.resolve(2)); // any store sweeps what has expired
    expect(c.peek('page')).toBeUndefined();
    expect(c.stats().entries).toBe(2);
    clock.advance(10_000);
    (c as unknown as { sweep(now: number): void }).sweep(clock.now().getTime()); // what the interval timer runs
    expect(c.stats().entries).toBe(1);
    c.onApplicationShutdown();
  });
});
