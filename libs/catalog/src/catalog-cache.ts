import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { execute, isDuplicateKeyError, ReadReplicas, select } from '@app/database';
import { BUMP_CATALOG_VERSION, CATALOG_VERSION, INSERT_CATALOG_VERSION } from './catalog.sql';

/**
 * Marks a change shoppers' cached reads must not outlive: catalog, price, stock status (sold out / back in stock),
 * home page. Call it last in the writing transaction; every instance empties its cache when it next sees the
 * version (within CATALOG_CACHE_CHECK_MS), or at once when told through Redis after the commit (catalog-changes.ts).
 */
export async function bumpCatalogVersion(m: EntityManager): Promise<void> {
  if ((await execute(m, BUMP_CATALOG_VERSION, [])) === 0) {
    try {
      await execute(m, INSERT_CATALOG_VERSION, []);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  catalogChangeListener(m)?.bumped(m);
}

/** Who publishes catalog changes to other instances, found among the DataSource's subscribers (catalog-changes.ts). */
export interface CatalogChangeListener {
  readonly isCatalogChangeListener: true;
  bumped(m: EntityManager): void;
}

function catalogChangeListener(m: EntityManager): CatalogChangeListener | undefined {
  return m.connection.subscribers.find((s): s is CatalogChangeListener & typeof s => 'isCatalogChangeListener' in s);
}

interface Entry {
  value: unknown;
  bytes: number;
  expires: number;
}

/**
 * The in-process read cache of shopper catalog reads (docs/decisions.md, "Reads that skip the database"). Entries are
 * answers as the routes return them, keyed by route and parameters, and are dropped all at once when the catalog
 * version changes: a cheap primary-key read, made at most every `checkMs` and awaited by the request that makes it,
 * so no answer is served from before a change committed more than `checkMs` ago (plus one read) on any instance.
 * An entry also expires after `maxAgeMs` (stock numbers and sales counts change without a version bump). With read
 * replicas, answers are read there and may be older than the version seen on the primary: an entry stored within
 * the replicas' stale bound after a change expires at its end, so it never outlives the bound either. Least
 * recently used entries go first beyond `maxBytes` (sizes are estimated from the JSON length). Checkout never reads
 * it: prices and stock are read from the database when an order is priced.
 */
@Injectable()
export class CatalogCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private version: number | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<void> | undefined;
  /** When this instance last saw the version change (replica reads may still be older for a moment). */
  private changedAt = -Infinity;
  /** Counts `forget()`s: a version read that started before one is not taken as current. */
  private generation = 0;
  /** Loads in flight per key and the version they read under: concurrent misses of one key share one load. */
  private readonly loading = new Map<string, { version: number | null; value: Promise<unknown> }>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly replicas: ReadReplicas,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** The cached answer for `key`, or `load()`'s (cached when it is still current). */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (this.config.catalogCache.maxBytes === 0) return load();
    await this.current();
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (hit && now < hit.expires) {
      this.entries.delete(key);
      this.entries.set(key, hit); // most recently used last
      return hit.value as T;
    }
    // One load per key at a time: 50 shoppers missing the same search page at once ran its query 50 times, and at
    // 100,000 products a common word's page took longer than their timeout (docs/benchmark.md, "Growth").
    const version = this.version;
    const inflight = this.loading.get(key);
    if (inflight && inflight.version === version) return inflight.value as Promise<T>;
    const loaded = load();
    this.loading.set(key, { version, value: loaded });
    try {
      const value = await loaded;
      // A version seen meanwhile may be newer than what `load` read: store only answers read under the current one.
      if (version !== null && version === this.version) this.put(key, value, now);
      return value;
    } finally {
      if (this.loading.get(key)?.value === loaded) this.loading.delete(key);
    }
  }

  /** A current entry, without loading (only inside a `get` load, which has just checked the version). */
  peek<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    return hit && this.clock.now().getTime() < hit.expires ? (hit.value as T) : undefined;
  }

  /** Stores a value read under the current version (only inside a `get` load). */
  set(key: string, value: unknown): void {
    if (this.config.catalogCache.maxBytes > 0) this.put(key, value, this.clock.now().getTime());
  }

  /**
   * Another instance changed the catalog (a Redis message, after its commit): empty now, and check the version on
   * the next read instead of waiting for the interval.
   */
  forget(): void {
    this.entries.clear();
    this.bytes = 0;
    this.version = null;
    this.checkedAt = -Infinity;
    this.changedAt = this.clock.now().getTime();
    this.generation++;
  }

  /** Entries and their estimated bytes (metrics and tests). */
  stats(): { entries: number; bytes: number; version: number | null } {
    return { entries: this.entries.size, bytes: this.bytes, version: this.version };
  }

  private put(key: string, value: unknown, at: number): void {
    const bytes = 2 * (JSON.stringify(value)?.length ?? 0) + 2 * key.length + 64;
    const { maxBytes } = this.config.catalogCache;
    if (bytes > maxBytes / 8) return; // one answer never takes much of the cache
    this.drop(key);
    const settled = this.changedAt + this.replicas.staleBoundMs;
    const expires = Math.min(at + this.config.catalogCache.maxAgeMs, at < settled ? settled : Infinity);
    this.entries.set(key, { value, bytes, expires });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= maxBytes) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }

  /** Reads the catalog version when the last read is older than `checkMs` (one read at a time), emptying on change. */
  private async current(): Promise<void> {
    if (this.clock.now().getTime() - this.checkedAt < this.config.catalogCache.checkMs) return;
    this.checking ??= (async () => {
      const startedAt = this.clock.now().getTime();
      const generation = this.generation;
      // The primary's: it is what a change is measured against (a replica's copy could be older).
      const [row] = await select(this.ds.manager, CATALOG_VERSION, []);
      if (generation !== this.generation) return; // told of a change meanwhile: this read may predate it
      const version = Number(row?.version ?? 0);
      if (version !== this.version) {
        this.entries.clear();
        this.bytes = 0;
        this.version = version;
        this.changedAt = startedAt;
      }
      this.checkedAt = startedAt;
    })().finally(() => (this.checking = undefined));
    await this.checking;
  }
}
