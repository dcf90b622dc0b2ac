import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { select } from '@app/database';
import { CatalogCache } from './catalog-cache';
import { LAST_STOCK_MOVEMENT, LIVE_SKUS, STOCK_MOVEMENTS_AFTER } from './catalog.sql';
import type { ShopperProductView } from './dto/catalog.mappers';
import { type LiveSku, LivePage } from './live-page';

/** SKUs per stock read. */
const LIVE_BATCH = 500;

/** The cache key of a product page. */
export const productPageKey = (id: number): string => `product:${id}`;

/**
 * The live part of cached product pages: stock and sales numbers, which change on every order without a catalog
 * version bump (docs/decisions.md, "Reads that skip the database"). Every `checkMs` (awaited by the product page
 * request that is due, and on a timer between them) one primary-key range read of `stock_movement` names the SKUs
 * that moved since the last read; their numbers are read (one statement) and written into the cached pages, so a
 * page shows a stock change on any instance within `checkMs` plus two reads, and a page need not expire by age.
 *
 * Movement ids are given when a row is inserted, not when its transaction commits: an id below the highest one seen
 * can still appear. Each read therefore starts after the oldest id still missing below the highest one seen, and
 * skips the ids it has already reported; an id missing for `graceMs` (CATALOG_CACHE_MAX_AGE_MS) is given up, so a
 * transaction that commits within that time of writing its movement is seen, and a gap that never fills (a
 * rollback, or ids InnoDB reserved for an INSERT ... SELECT and did not use) costs re-reading from it for that
 * long. Pages read within `graceMs` of this instance's first read, or from a read replica, keep expiring by age,
 * since a change could predate what was seen.
 *
 * Reads are numbered (`seq`) when they start, a stock read after its movements have been read: a page read whose
 * number is lower than a stock read's may lack what it saw, so that stock read's numbers are also written into pages
 * still being read (and kept for those not yet built).
 */
@Injectable()
export class LiveStock implements OnApplicationShutdown {
  private seq = 0;
  /** When the first read was made (pages read before `startedAt + graceMs` expire by age); NaN before it. */
  private startedAt = NaN;
  /** Movements above this id are read on each poll; those in `seen` were reported already. */
  private after = 0;
  private maxId = 0;
  private readonly seen = new Set<number>();
  /** Ids below the highest seen that have not appeared yet, and since when (a poll's start time). */
  private readonly holes = new Map<number, number>();
  private polledAt = -Infinity;
  private polling: Promise<void> | undefined;
  /** Product page reads under way (by their number): their page, once built. */
  private readonly reading = new Map<number, LivePage | null>();
  /** Numbers read while page reads were under way, for pages not built yet (by SKU, with the read's number). */
  private readonly recent = new Map<number, LiveSku & { seq: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cache: CatalogCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private get graceMs(): number {
    return this.config.catalogCache.maxAgeMs;
  }

  /** Brings cached pages' numbers up to date when the last poll is `checkMs` old (product page requests await it). */
  async current(): Promise<void> {
    if (this.clock.now().getTime() - this.polledAt < this.config.catalogCache.checkMs) return;
    this.polling ??= this.poll().finally(() => (this.polling = undefined));
    await this.polling;
  }

  /**
   * Reads a product page through `read` (after `current()`), its numbers then kept current by the polls; call `settle`
   * with its `seq` once the cache has it. `live` when the cache may keep it until the catalog version changes: not
   * within `graceMs` of the first poll (a movement from before it may still commit unseen), nor read from a replica
   * (`replicated`: it may predate what a poll has seen).
   */
  async load(read: () => Promise<ShopperProductView>, replicated: boolean): Promise<LivePage> {
    const seq = ++this.seq;
    this.reading.set(seq, null);
    try {
      const page = LivePage.of(await read(), seq);
      const missed = [...this.recent.values()].filter((r) => r.seq > seq && r.productId === page.productId);
      if (missed.length > 0) page.update(missed.sort((a, b) => a.seq - b.seq));
      // Not frozen either (`live` asks, when the cache stores the page: a page not stored is never searched for its numbers).
      page.live = !replicated && this.clock.now().getTime() >= this.startedAt + this.graceMs;
      this.reading.set(seq, page);
      return page;
    } catch (err) {
      this.settle(seq);
      throw err;
    }
  }

  /** A page read is over (its page is in the cache, or was not kept): later polls update it there only. */
  settle(seq: number): void {
    this.reading.delete(seq);
    if (this.reading.size === 0) this.recent.clear();
    else {
      const oldest = this.reading.keys().next().value!;
      for (const [id, r] of this.recent) if (r.seq <= oldest) this.recent.delete(id);
    }
  }

  private async poll(): Promise<void> {
    const startedAt = this.clock.now().getTime();
    const m = this.ds.manager;
    if (Number.isNaN(this.startedAt)) {
      const [row] = await select(m, LAST_STOCK_MOVEMENT, []);
      this.after = this.maxId = Number(row?.id ?? 0);
      this.startedAt = startedAt;
      this.polledAt = startedAt;
      const { checkMs } = this.config.catalogCache;
      this.timer = setInterval(() => void this.current().catch(() => undefined), checkMs).unref();
      return;
    }
    const rows = await select(m, STOCK_MOVEMENTS_AFTER, [this.after]);
    let maxId = this.maxId;
    const fresh: number[] = [];
    const skus = new Set<number>();
    for (const r of rows) {
      const id = Number(r.id);
      if (id > maxId) maxId = id;
      if (this.seen.has(id)) continue;
      fresh.push(id);
      skus.add(Number(r.skuId));
    }
    if (skus.size > 0) {
      // Numbered after the movements were read, which committed before: a page read numbered lower started before
      // this point, and may have missed them.
      const seq = ++this.seq;
      const ids = [...skus];
      const live: LiveSku[] = [];
      for (let i = 0; i < ids.length; i += LIVE_BATCH) {
        const batch = ids.slice(i, i + LIVE_BATCH);
        for (const r of await select(m, LIVE_SKUS(batch.length), batch))
          live.push({
            id: Number(r.id),
            productId: Number(r.productId),
            stock: Number(r.stock),
            salesCount: Number(r.salesCount),
            productSales: Number(r.productSales),
          });
      }
      this.apply(live, seq);
    }
    // Reported only once applied: a poll that fails reads them again.
    for (const id of fresh) this.seen.add(id);
    // Ids still missing below the highest seen: a transaction that has not committed yet, or a gap that stays.
    for (let id = this.maxId + 1; id < maxId; id++) if (!this.seen.has(id)) this.holes.set(id, startedAt);
    this.maxId = maxId;
    // Reads start after the oldest id still awaited; one missing for `graceMs` is given up.
    while (this.after < maxId) {
      const next = this.after + 1;
      const since = this.holes.get(next);
      if (since === undefined) this.seen.delete(next);
      else if (since <= startedAt - this.graceMs || this.seen.has(next)) {
        this.holes.delete(next);
        this.seen.delete(next);
      } else break;
      this.after = next;
    }
    this.polledAt = startedAt;
  }

  private peekPage(productId: number): LivePage | undefined {
    const page = this.cache.peek<unknown>(productPageKey(productId));
    return page instanceof LivePage ? page : undefined;
  }

  private apply(rows: readonly LiveSku[], seq: number): void {
    const byProduct = new Map<number, LiveSku[]>();
    for (const r of rows) byProduct.set(r.productId, [...(byProduct.get(r.productId) ?? []), r]);
    for (const [productId, changed] of byProduct) this.peekPage(productId)?.update(changed);
    if (this.reading.size === 0) return;
    for (const page of this.reading.values()) {
      const changed = page && byProduct.get(page.productId);
      if (changed) page.update(changed);
    }
    for (const r of rows) this.recent.set(r.id, { ...r, seq });
  }
}
