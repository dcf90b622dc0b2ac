import { Injectable, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, Metrics, toJsonBody } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { execute, isDuplicateKeyError, ReadReplicas, select } from '@app/database';
import { BUMP_CATALOG_VERSION, CATALOG_VERSIONS, INSERT_CATALOG_VERSION } from './catalog.sql';

/**
 * What a cached answer was read from, each with its own version (a row of `catalog_version`), so a change empties
 * only the answers that depend on it: `catalog` (products, prices, stock status, categories, home page, search
 * words) and `reviews` (review summaries, which change only when a review's visibility does).
 */
export type CacheScope = 'catalog' | 'reviews';
const SCOPE_IDS: Readonly<Record<CacheScope, number>> = { catalog: 1, reviews: 2 };
const SCOPES = Object.keys(SCOPE_IDS) as CacheScope[];

/** The scope a `forget` message names (catalog-changes.ts); undefined for anything else. */
export function cacheScope(name: string | undefined): CacheScope | undefined {
  return SCOPES.find((s) => s === name);
}

/**
 * Marks a change cached reads of `scope` must not outlive (catalog: catalog, price, stock status (sold out / back in
 * stock), home page; reviews: a review shown or withdrawn). Call it last in the writing transaction; every instance
 * drops that scope's answers when it next sees the version (within CATALOG_CACHE_CHECK_MS), or at once when told
 * through Redis after the commit (catalog-changes.ts).
 */
export async function bumpCatalogVersion(m: EntityManager, scope: CacheScope = 'catalog'): Promise<void> {
  const id = SCOPE_IDS[scope];
  if ((await execute(m, BUMP_CATALOG_VERSION, [id])) === 0) {
    try {
      await execute(m, INSERT_CATALOG_VERSION, [id]);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // Another transaction's first bump inserted the row (the insert waited for its commit): bump after it, or a
      // reader that saw its version would keep what this transaction changes.
      await execute(m, BUMP_CATALOG_VERSION, [id]);
    }
  }
  catalogChangeListener(m)?.bumped(m, scope);
}

/** Who publishes catalog changes to other instances, found among the DataSource's subscribers (catalog-changes.ts). */
export interface CatalogChangeListener {
  readonly isCatalogChangeListener: true;
  bumped(m: EntityManager, scope: CacheScope): void;
}

function catalogChangeListener(m: EntityManager): CatalogChangeListener | undefined {
  return m.connection.subscribers.find((s): s is CatalogChangeListener & typeof s => 'isCatalogChangeListener' in s);
}

/**
 * Memory an entry takes besides its body and key, measured on Node 20 (heap and external memory of 20,000 entries
 * after GC: 405 bytes with a 14-character key): the entry record, its slots in the two maps, the Buffer object.
 */
export const ENTRY_OVERHEAD_BYTES = 400;
/** Heap a cached object (not a body) takes per character of its JSON: measured 1.3-1.7 for card and product pages. */
export const OBJECT_BYTES_PER_JSON_CHAR = 2;

/** A value that counts its own bytes (a live product page: its body and its numbers' bookkeeping). */
export interface Sized {
  readonly cacheBytes: number;
}

function entryBytes(key: string, value: unknown): number {
  const size = Buffer.isBuffer(value)
    ? value.byteLength
    : typeof (value as Partial<Sized> | null)?.cacheBytes === 'number'
      ? (value as Sized).cacheBytes
      : Math.ceil(OBJECT_BYTES_PER_JSON_CHAR * (JSON.stringify(value)?.length ?? 0));
  // V8 keeps a key of Latin-1 characters one byte per character, any other two.
  const keyBytes = /[\u0100-\uffff]/.test(key) ? 2 * key.length : key.length;
  return size + keyBytes + ENTRY_OVERHEAD_BYTES;
}

/**
 * Admission of answers that ask for it (`get`'s `admission`, product pages): once the cap is reached, one is stored
 * only when its key missed before within the window, so a page read once does not push out one read often. The
 * window: the keys of the last two generations of misses, each at most `ADMISSION_KEYS` keys and `ADMISSION_WINDOW_MS`
 * long (a key seen once is remembered for one to two generations).
 */
export const ADMISSION_KEYS = 4096;
export const ADMISSION_WINDOW_MS = 60_000;

interface Entry {
  value: unknown;
  bytes: number;
  expires: number;
  scope: CacheScope;
  /** Read since it was stored or last spared: the cap spares it once (second chance) instead of dropping it. */
  used: boolean;
}

interface ScopeState {
  version: number | null;
  /** When this instance last saw the version change (replica reads may still be older for a moment). */
  changedAt: number;
  entries: number;
}

/**
 * The in-process read cache of shopper catalog and review reads (docs/decisions.md, "Reads that skip the database").
 * Entries are answers as the routes send them (`body`: the JSON bytes, sent without serializing again), keyed by
 * route and parameters, each in a scope whose entries are dropped all at once when its version changes: the versions
 * are one cheap read, made at most every `checkMs` and awaited by the request that makes it, so no answer is served
 * from before a change committed more than `checkMs` ago (plus one read) on any instance. A catalog entry also
 * expires after `maxAgeMs` (stock numbers and sales counts change without a version bump); a review summary changes
 * only with its version. Expired entries are dropped as they fall due (at the latest one sweep interval later), so
 * they hold no memory. With read replicas, answers are read there and may be older than the version seen on the
 * primary: an entry stored within the replicas' stale bound after a change expires at its end, so it never outlives
 * the bound either. Beyond `maxBytes` the oldest entries go first, but one read since it was stored (or last spared)
 * is spared once and goes to the end (second chance, an approximate LRU that costs a hit nothing but a flag): bodies
 * count their bytes exactly plus a measured overhead per entry, other values an estimate from their JSON length. Once
 * full, a product page (`admission`) is stored only on its second miss within a window (`ADMISSION_KEYS`), so pages
 * read once (a large catalog browsed at random) neither push out the hot ones nor churn the heap. Checkout never reads it: prices and
 * stock are read from the database when an order is priced.
 */
@Injectable()
export class CatalogCache implements OnApplicationShutdown {
  /** Least recently used first. */
  private readonly entries = new Map<string, Entry>();
  /** Where the last eviction stopped in `entries`. */
  private oldest: MapIterator<[string, Entry]> | undefined;
  /** The entries that expire, in the order they were stored: about the order they expire in. */
  private readonly expiring = new Map<string, Entry>();
  private bytes = 0;
  private readonly scopes: Record<CacheScope, ScopeState> = {
    catalog: { version: null, changedAt: -Infinity, entries: 0 },
    reviews: { version: null, changedAt: -Infinity, entries: 0 },
  };
  private checkedAt = -Infinity;
  private checking: Promise<void> | undefined;
  /** Counts `forget()`s: a version read that started before one is not taken as current. */
  private generation = 0;
  /** Loads in flight per key and the version they read under: concurrent misses of one key share one load. */
  private readonly loading = new Map<string, { version: number | null; value: Promise<unknown>; again: boolean }>();
  /** Keys of admission-checked answers that missed lately and were not stored: this generation's and the last's. */
  private seen = new Set<string>();
  private seenBefore = new Set<string>();
  private seenSince = -Infinity;
  private readonly sweeper: NodeJS.Timeout | undefined;
  private readonly reads: Counter<'kind' | 'result'> | undefined;
  /** The counter's children by kind and result: a label lookup per read costs more than the hit itself. */
  private readonly counted = new Map<string, { inc(): void }>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly replicas: ReadReplicas,
    @InjectConfig() private readonly config: AppConfig,
    @Optional() metrics?: Metrics,
  ) {
    this.reads =
      metrics &&
      new Counter({
        name: 'catalog_cache_reads_total',
        help: 'Read cache lookups by kind of answer (the key up to its first colon) and result (hit; shared: joined a load under way; miss)',
        labelNames: ['kind', 'result'],
        registers: [metrics.registry],
      });
    if (metrics) {
      const stats = (): ReturnType<CatalogCache['stats']> => this.stats();
      new Gauge({
        name: 'catalog_cache_bytes',
        help: 'Bytes the read cache counts for its entries (CATALOG_CACHE_MB is its cap)',
        registers: [metrics.registry],
        collect() {
          this.set(stats().bytes);
        },
      });
    }
    const { maxBytes, checkMs } = config.catalogCache;
    // An instance that stops serving reads still lets go of what it holds.
    if (maxBytes > 0) this.sweeper = setInterval(() => this.sweep(this.clock.now().getTime()), Math.max(checkMs, 1000)).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /**
   * The cached answer for `key`, or `load()`'s (cached when it is still current). `maxAgeMs` of a catalog value:
   * how long it may be kept at most (`CATALOG_CACHE_MAX_AGE_MS` when not given; Infinity: until its version changes).
   * `admission`: once the cache is full, the answer is stored only on its key's second miss within the admission
   * window (or when another request joined its load), so answers read once do not churn it (`ADMISSION_KEYS`).
   */
  async get<T>(
    key: string,
    load: () => Promise<T>,
    scope: CacheScope = 'catalog',
    maxAgeMs?: (value: T) => number | undefined,
    admission = false,
  ): Promise<T> {
    const { maxBytes, checkMs } = this.config.catalogCache;
    if (maxBytes === 0) return load();
    let now = this.clock.now().getTime();
    if (now - this.checkedAt >= checkMs) {
      await this.current();
      now = this.clock.now().getTime();
    }
    const hit = this.entries.get(key);
    if (hit && now < hit.expires) {
      // Marked, not moved: moving a hit to the end of the map on every read cost more than the rest of the lookup.
      hit.used = true;
      this.count(key, 'hit');
      return hit.value as T;
    }
    // One load per key at a time: 50 shoppers missing the same search page at once ran its query 50 times, and at
    // 100,000 products a common word's page took longer than their timeout (docs/benchmark.md, "Growth").
    const state = this.scopes[scope];
    const version = state.version;
    const inflight = this.loading.get(key);
    if (inflight && inflight.version === version) {
      this.count(key, 'shared');
      inflight.again = true;
      return inflight.value as Promise<T>;
    }
    this.count(key, 'miss');
    const loaded = load();
    const loading = { version, value: loaded as Promise<unknown>, again: !admission };
    this.loading.set(key, loading);
    try {
      const value = await loaded;
      // A version seen meanwhile may be newer than what `load` read: store only answers read under the current one.
      if (version !== null && version === state.version)
        this.put(key, value, now, scope, maxAgeMs && ((v) => maxAgeMs(v as T)), loading.again);
      return value;
    } finally {
      if (this.loading.get(key)?.value === loaded) this.loading.delete(key);
    }
  }

  /** Whether answers are kept at all (CATALOG_CACHE_MB is not 0). */
  get enabled(): boolean {
    return this.config.catalogCache.maxBytes > 0;
  }

  /** `get` of an answer as its JSON body (UTF-8), serialized once when loaded: what `sendJson` sends. */
  body(key: string, load: () => Promise<unknown>, scope: CacheScope = 'catalog'): Promise<Buffer> {
    return this.get(key, async () => toJsonBody(await load()), scope);
  }

  /** A current entry, without loading (only inside a `get` load, which has just checked the version). */
  peek<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && this.clock.now().getTime() < hit.expires ? (hit.value as T) : undefined;
  }

  /** Stores a catalog value read under the current version (only inside a `get` load). */
  set(key: string, value: unknown): void {
    if (this.config.catalogCache.maxBytes > 0) this.put(key, value, this.clock.now().getTime(), 'catalog');
  }

  /**
   * Another instance changed `scope` (every scope when not said; a Redis message, after its commit): drop its
   * answers now, and check the versions on the next read instead of waiting for the interval.
   */
  forget(scope?: CacheScope): void {
    const now = this.clock.now().getTime();
    for (const s of scope ? [scope] : SCOPES) {
      this.dropScope(s);
      this.scopes[s].version = null;
      this.scopes[s].changedAt = now;
    }
    this.checkedAt = -Infinity;
    this.generation++;
  }

  private count(key: string, result: 'hit' | 'shared' | 'miss'): void {
    if (!this.reads) return;
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = `${kind} ${result}`;
    let child = this.counted.get(id);
    if (!child) this.counted.set(id, (child = this.reads.labels(kind, result)));
    child.inc();
  }

  /** Entries, their counted bytes and the catalog version (metrics and tests). */
  stats(): { entries: number; bytes: number; version: number | null } {
    return { entries: this.entries.size, bytes: this.bytes, version: this.scopes.catalog.version };
  }

  /**
   * Stores `value`. `admitted` false: only when it fits without dropping another entry or its key missed before
   * within the admission window (else it is remembered as missed once and not stored).
   */
  private put(
    key: string,
    value: unknown,
    at: number,
    scope: CacheScope,
    life?: (value: unknown) => number | undefined,
    admitted = true,
  ): void {
    const { maxBytes } = this.config.catalogCache;
    const bytes = entryBytes(key, value);
    if (bytes > maxBytes / 8) return; // one answer never takes much of the cache
    this.drop(key);
    this.sweep(at);
    if (!admitted && this.bytes + bytes > maxBytes && !this.missedBefore(key, at)) return;
    const maxAgeMs = life?.(value) ?? this.config.catalogCache.maxAgeMs;
    const state = this.scopes[scope];
    const settled = state.changedAt + this.replicas.staleBoundMs;
    const expires = Math.min(scope === 'catalog' ? at + maxAgeMs : Infinity, at < settled ? settled : Infinity);
    const entry: Entry = { value, bytes, expires, scope, used: false };
    this.entries.set(key, entry);
    if (expires !== Infinity) this.expiring.set(key, entry);
    this.bytes += bytes;
    state.entries++;
    while (this.bytes > maxBytes) {
      // Eviction goes on where it stopped: a Map iterated from its start again steps over every entry deleted
      // since its last rehash (23 us a store with 13,000 entries, against 5 us).
      let next = this.oldest?.next();
      if (!next || next.done) {
        this.oldest = this.entries.entries();
        next = this.oldest.next();
        if (next.done) break;
      }
      const [oldest, e] = next.value;
      if (e.used) {
        // Read since stored or last spared: to the end once more (each entry is spared at most once per pass).
        e.used = false;
        this.entries.delete(oldest);
        this.entries.set(oldest, e);
      } else this.drop(oldest);
    }
  }

  /** Whether `key` missed before within the admission window; remembers it when it did not. */
  private missedBefore(key: string, now: number): boolean {
    if (now - this.seenSince >= ADMISSION_WINDOW_MS || this.seen.size >= ADMISSION_KEYS) {
      // A new generation; after an idle window the last one is too old to count.
      this.seenBefore = now - this.seenSince >= 2 * ADMISSION_WINDOW_MS ? new Set() : this.seen;
      this.seen = new Set();
      this.seenSince = now;
    }
    if (this.seen.delete(key) || this.seenBefore.delete(key)) return true;
    this.seen.add(key);
    return false;
  }

  /** Drops the entries whose life has ended, oldest first (an entry cut short by the replicas' bound may wait). */
  private sweep(now: number): void {
    for (const [key, e] of this.expiring) {
      if (e.expires > now) break;
      this.drop(key);
    }
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.expiring.delete(key);
    this.bytes -= e.bytes;
    this.scopes[e.scope].entries--;
  }

  private dropScope(scope: CacheScope): void {
    if (this.scopes[scope].entries === 0) return;
    if (this.scopes[scope].entries === this.entries.size) {
      this.entries.clear();
      this.expiring.clear();
      this.bytes = 0;
      this.scopes[scope].entries = 0;
      return;
    }
    for (const [key, e] of this.entries) if (e.scope === scope) this.drop(key);
  }

  /** Reads the versions (one read at a time: `get` calls it when the last one is older than `checkMs`), dropping changed scopes. */
  private async current(): Promise<void> {
    this.checking ??= (async () => {
      const startedAt = this.clock.now().getTime();
      const generation = this.generation;
      // The primary's: it is what a change is measured against (a replica's copy could be older).
      const rows = await select(this.ds.manager, CATALOG_VERSIONS, []);
      if (generation !== this.generation) return; // told of a change meanwhile: this read may predate it
      for (const scope of SCOPES) {
        const row = rows.find((r) => Number(r.id) === SCOPE_IDS[scope]);
        const version = Number(row?.version ?? 0);
        const state = this.scopes[scope];
        if (version === state.version) continue;
        this.dropScope(scope);
        state.version = version;
        state.changedAt = startedAt;
      }
      this.checkedAt = startedAt;
    })().finally(() => (this.checking = undefined));
    await this.checking;
  }
}
