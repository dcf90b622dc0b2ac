import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, CommonErrors, type Page, pageParams, type PageQuery, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDateTime, execute, select, TransactionRunner } from '@app/database';
import { SettingsService } from '@app/settings';
import { bumpCatalogVersion } from './catalog-cache';
import { CatalogErrors, type ShortSku } from './catalog.errors';
import {
  ADD_PRODUCT_SALES,
  INITIAL_STOCK,
  LOCK_SKUS,
  MOVED_SKUS,
  RECEIVE_STOCK,
  REMOVE_PRODUCT_SALES,
  RESERVE_STOCK,
  RETURN_STOCK,
  SKU_PRODUCTS,
  SKU_STOCK,
  WRITE_LEDGER,
  WRITE_OFF_STOCK,
} from './catalog.sql';
import { type LowStockItem, type StockAdjustmentResult, toStockMovementView, type StockMovementView } from './dto/catalog.mappers';
import { Product } from './product.entity';
import { Sku } from './sku.entity';
import { StockMovement, type StockReason } from './stock-movement.entity';

export interface StockLine {
  skuId: number;
  quantity: number;
}

/** What caused a stock change, e.g. `{ type: 'order', id: orderId }` or `{ type: 'after_sale', id }`. */
export interface StockRef {
  type: string;
  id: number;
}

export type ReleaseReason = 'order_cancel' | 'refund_restock' | 'return_restock';

/**
 * The most stock an operator can put on one SKU. Far below the INT column's 2,147,483,647, so stock given back
 * later (cancellations, refunds, returns: at most what was taken) can never overflow it.
 */
export const MAX_STOCK = 1_000_000_000;

/** Rows per multi-row statement when writing many SKUs at once (product creation, demo seeding). */
const BATCH = 500;

/**
 * The only code that changes `sku.stock`. Every change is a conditional UPDATE plus a `stock_movement` row in
 * the caller's transaction, so `sku.stock == SUM(stock_movement.delta)` always holds.
 *
 * sales_count (SKU and product) moves with reservations: +q on reserve, -q on release (cancelled orders and
 * restocked returns are not sales). Lock order is SKU rows by ascending id, then product rows by ascending id,
 * so concurrent multi-line reservations cannot deadlock each other.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  /**
   * Takes stock for an order, all or nothing: one conditional update per line (ascending SKU id), then one
   * INSERT ... SELECT for the ledger. Throws 409 OUT_OF_STOCK naming every short SKU; the caller's transaction
   * must then roll back (lines updated before the failure are undone with it).
   */
  async reserveStock(m: EntityManager, lines: readonly StockLine[], ref: StockRef): Promise<void> {
    const merged = mergeLines(lines);
    // Read before any row lock (a SKU never changes product): the hot SKU row then stays locked only for
    // the ledger insert, the product counters and the commit.
    const products = await this.productsOf(m, merged);
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    for (let i = 0; i < merged.length; i++) {
      const { skuId, quantity } = merged[i]!;
      if ((await execute(m, RESERVE_STOCK, [quantity, quantity, at, skuId, quantity])) === 0)
        throw CatalogErrors.outOfStock(await this.shortLines(m, merged.slice(i)));
    }
    await this.writeLedger(m, merged, -1, 'order', ref, now);
    await this.bumpProductSales(m, products, +1);
    // Sold out: the product page's cached SKUs must show it (catalog-cache.ts). The rows are ours (locked).
    const after = await select(
      m,
      SKU_STOCK(merged.length),
      merged.map((l) => l.skuId),
    );
    if (after.some((s) => Number(s.stock) === 0)) await bumpCatalogVersion(m);
  }

  /**
   * Gives stock back (order cancelled, units refunded before shipping, returned goods restocked). The caller calls
   * it once per event; lines whose SKU already has a movement with this reason and ref are skipped, checked under
   * the SKU row lock, so a repeated call changes nothing. Disabled SKUs take their stock back too (it is physical stock).
   */
  async releaseStock(m: EntityManager, lines: readonly StockLine[], reason: ReleaseReason, ref: StockRef): Promise<void> {
    const merged = mergeLines(lines);
    const ids = merged.map((l) => l.skuId);
    const found = await select(m, LOCK_SKUS(ids.length), ids);
    if (found.length !== ids.length) throw CatalogErrors.skuNotFound();
    const done = await select(m, MOVED_SKUS(ids.length), [ref.type, ref.id, reason, ...ids]);
    const skip = new Set(done.map((d) => Number(d.skuId)));
    const todo = merged.filter((l) => !skip.has(l.skuId));
    if (todo.length === 0) return;
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    for (const { skuId, quantity } of todo) await execute(m, RETURN_STOCK, [quantity, quantity, quantity, at, skuId]);
    await this.writeLedger(m, todo, +1, reason, ref, now);
    await this.bumpProductSales(m, await this.productsOf(m, todo), -1);
    // Back in stock (it was 0 before this release).
    const after = await select(
      m,
      SKU_STOCK(todo.length),
      todo.map((l) => l.skuId),
    );
    const returned = new Map(todo.map((l) => [l.skuId, l.quantity]));
    if (after.some((s) => Number(s.stock) === returned.get(Number(s.id)))) await bumpCatalogVersion(m);
  }

  /**
   * An admin's stock correction (delta > 0 receives goods, delta < 0 writes off). Never below zero nor above
   * MAX_STOCK: the change is a conditional update, and a refused one is 409 STOCK_BELOW_ZERO or 400 STOCK_ABOVE_MAX.
   * Opens its own transaction unless given one.
   */
  async adjustStock(
    manager: EntityManager | undefined,
    skuId: number,
    delta: number,
    reason: string,
    adminId: number | null,
  ): Promise<StockAdjustmentResult> {
    if (!Number.isSafeInteger(delta) || delta === 0) throw CommonErrors.field('delta', 'delta must be a non-zero integer');
    const work = async (m: EntityManager): Promise<StockAdjustmentResult> => {
      const at = dbDateTime(m, this.clock.now());
      const changed =
        delta < 0
          ? await execute(m, WRITE_OFF_STOCK, [delta, at, skuId, -delta])
          : await execute(m, RECEIVE_STOCK, [delta, at, skuId, MAX_STOCK - delta]);
      if (!changed) {
        const sku = await this.visibleSku(m, skuId);
        if (!sku) throw CatalogErrors.skuNotFound();
        throw delta < 0
          ? CatalogErrors.stockBelowZero(skuId, sku.stock, delta)
          : CatalogErrors.stockAboveMax(skuId, sku.stock, delta, MAX_STOCK);
      }
      await this.writeLedger(m, [{ skuId, quantity: delta }], 1, 'adjust', null, this.clock.now(), { adminId, note: reason });
      const movement = await m.getRepository(StockMovement).findOneOrFail({ where: { skuId }, order: { id: 'DESC' } });
      // Sold out or back in stock.
      if (movement.stockAfter === 0 || movement.stockAfter === delta) await bumpCatalogVersion(m);
      return { skuId, stock: movement.stockAfter, movement: toStockMovementView(movement) };
    };
    return manager ? work(manager) : this.tx.run(work);
  }

  /**
   * Stock of newly created SKUs (stored with stock 0), with their `initial` ledger rows; batched, so product
   * creation and demo seeding take a handful of statements.
   */
  async addInitialStock(m: EntityManager, lines: readonly StockLine[]): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < lines.length; i += BATCH) {
      const chunk = lines.slice(i, i + BATCH);
      const positive = chunk.filter((l) => l.quantity > 0);
      if (positive.length > 0)
        await execute(m, INITIAL_STOCK(positive.length), [
          ...positive.flatMap((l) => [l.skuId, l.quantity]),
          ...positive.map((l) => l.skuId),
        ]);
      await this.writeLedger(m, chunk, 1, 'initial', null, now);
    }
  }

  async movements(q: PageQuery & { skuId?: number }): Promise<Page<StockMovementView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.getRepository(StockMovement).findAndCount({
      where: q.skuId ? { skuId: q.skuId } : {},
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toStockMovementView), total, q);
  }

  /** Enabled SKUs of non-deleted products at or below the threshold, lowest stock first. */
  async lowStock(q: PageQuery & { threshold?: number }): Promise<Page<LowStockItem>> {
    const { offset, pageSize } = pageParams(q);
    const threshold = q.threshold ?? this.settings.current().lowStockThreshold;
    const qb = this.ds
      .getRepository(Sku)
      .createQueryBuilder('s')
      .innerJoin(Product, 'p', 'p.id = s.productId AND p.deletedAt IS NULL')
      .where('s.status = :enabled AND s.stock <= :threshold', { enabled: 'enabled', threshold });
    const total = await qb.getCount();
    const rows = await qb
      .select([
        's.id AS skuId',
        's.productId AS productId',
        'p.title AS title',
        's.specText AS specText',
        's.code AS code',
        's.stock AS stock',
      ])
      .orderBy('s.stock', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .offset(offset)
      .limit(pageSize)
      .getRawMany<Record<keyof LowStockItem, string | number>>();
    const items = rows.map((r) => ({
      skuId: Number(r.skuId),
      productId: Number(r.productId),
      title: String(r.title),
      specText: String(r.specText),
      code: String(r.code),
      stock: Number(r.stock),
    }));
    return toPage(items, total, q);
  }

  /**
   * One INSERT ... SELECT writes the movements of all lines, reading `stock_after` from the SKU rows this
   * transaction has just updated (and holds locked).
   */
  private async writeLedger(
    m: EntityManager,
    lines: readonly StockLine[],
    sign: 1 | -1,
    reason: StockReason,
    ref: StockRef | null,
    now: Date,
    admin: { adminId: number | null; note: string } | null = null,
  ): Promise<void> {
    if (lines.length === 0) return;
    const params: unknown[] = lines.flatMap((l) => [l.skuId, sign * l.quantity]);
    params.push(reason, ref?.type ?? null, ref?.id ?? null, admin?.adminId ?? null, admin?.note ?? null, dbDateTime(m, now));
    params.push(...lines.map((l) => l.skuId));
    await execute(m, WRITE_LEDGER(lines.length), params);
  }

  /** Units per product of these lines, in product id order (the lock order). */
  private async productsOf(m: EntityManager, lines: readonly StockLine[]): Promise<[number, number][]> {
    const rows = await select(
      m,
      SKU_PRODUCTS(lines.length),
      lines.map((l) => l.skuId),
    );
    const productOf = new Map(rows.map((r) => [Number(r.id), Number(r.productId)]));
    const perProduct = new Map<number, number>();
    for (const l of lines) {
      const pid = productOf.get(l.skuId);
      if (pid !== undefined) perProduct.set(pid, (perProduct.get(pid) ?? 0) + l.quantity);
    }
    return [...perProduct].sort((a, b) => a[0] - b[0]);
  }

  private async bumpProductSales(m: EntityManager, perProduct: readonly [number, number][], sign: 1 | -1): Promise<void> {
    for (const [productId, q] of perProduct) {
      if (sign > 0) await execute(m, ADD_PRODUCT_SALES, [q, productId]);
      else await execute(m, REMOVE_PRODUCT_SALES, [q, q, productId]);
    }
  }

  /** After a refused reservation: which lines are short, and how much each SKU has (0 when disabled or missing). */
  private async shortLines(m: EntityManager, lines: readonly StockLine[]): Promise<ShortSku[]> {
    const rows = await select(
      m,
      SKU_STOCK(lines.length),
      lines.map((l) => l.skuId),
    );
    const available = new Map(rows.map((r) => [Number(r.id), r.status === 'enabled' ? Number(r.stock) : 0]));
    return lines
      .map((l) => ({ skuId: l.skuId, requested: l.quantity, available: available.get(l.skuId) ?? 0 }))
      .filter((s) => s.available < s.requested);
  }

  private visibleSku(m: EntityManager, skuId: number): Promise<{ stock: number } | undefined> {
    return m
      .getRepository(Sku)
      .createQueryBuilder('s')
      .innerJoin(Product, 'p', 'p.id = s.productId AND p.deletedAt IS NULL')
      .select('s.stock', 'stock')
      .where('s.id = :id', { id: skuId })
      .getRawOne<{ stock: number }>();
  }
}

/** Sums duplicate SKUs, checks quantities, and orders lines by SKU id (the lock order). */
function mergeLines(lines: readonly StockLine[]): StockLine[] {
  if (lines.length === 0) throw CommonErrors.badRequest('No stock lines');
  const byId = new Map<number, number>();
  for (const l of lines) {
    if (!Number.isSafeInteger(l.skuId) || l.skuId < 1 || !Number.isSafeInteger(l.quantity) || l.quantity < 1)
      throw CommonErrors.badRequest(`Invalid stock line ${JSON.stringify(l)}`);
    byId.set(l.skuId, (byId.get(l.skuId) ?? 0) + l.quantity);
  }
  return [...byId].sort((a, b) => a[0] - b[0]).map(([skuId, quantity]) => ({ skuId, quantity }));
}
