import { toJsonBody } from '@app/common';
import type { ShopperProductView } from './dto/catalog.mappers';

/** What a stock movement changes on a product page: a SKU's stock and sales, and its product's sales. */
export interface LiveSku {
  id: number;
  productId: number;
  stock: number;
  salesCount: number;
  productSales: number;
}

// Keys whose value a page's live numbers occupy. `key":` cannot come from a string value (JSON writes a quote in a
// string as \"), so each match is a key.
const KEYS = ['"salesCount":', '"stock":', '"available":'].map((k) => Buffer.from(k));

/**
 * Heap a page takes besides its body and the cache entry's own overhead, measured (node 20, 10,000 pages after GC:
 * 770, 786 and 1,019 bytes with 1, 3 and 6 SKUs, the Buffer object included): the object and its arrays (the SKU ids,
 * the numbers and their offsets).
 */
const PAGE_BYTES = 700;
const PAGE_BYTES_PER_SKU = 56;

/**
 * A product page kept as its JSON body whose live numbers (the product's `salesCount` and `stock`, each SKU's `stock`,
 * `salesCount` and `available`) are rewritten in place of the old ones when a stock movement changes them, so the
 * rest of the page is kept until the catalog version changes (docs/decisions.md, "Reads that skip the database").
 * The body is what `sendJson` sends; a change builds a new one (a request may still be sending the old). Where the
 * numbers are in the body is found when first needed (the first update, or `live` asked when the cache stores it):
 * a page read once and not stored (the cache's admission) costs no more than its serialization.
 */
export class LivePage {
  /** The byte offset of each number in `body` (the product's sales and stock, then stock, sales, available per SKU); null: frozen. */
  private at: number[] | null | undefined;
  /** Counted bytes (catalog-cache.ts `Sized`). */
  readonly cacheBytes: number;
  private eligible = false;

  private constructor(
    public body: Buffer,
    readonly productId: number,
    private readonly skuIds: readonly number[],
    private readonly values: (number | boolean)[],
    /** The number of the read the page comes from (LiveStock): a stock read numbered higher may have seen more. */
    readonly seq: number,
  ) {
    this.cacheBytes = body.byteLength + PAGE_BYTES + PAGE_BYTES_PER_SKU * skuIds.length;
  }

  /** The page of `view`. */
  static of(view: ShopperProductView, seq: number): LivePage {
    const values: (number | boolean)[] = [view.salesCount, view.stock];
    for (const s of view.skus) values.push(s.stock, s.salesCount, s.available);
    return new LivePage(
      toJsonBody(view),
      view.id,
      view.skus.map((s) => s.id),
      values,
      seq,
    );
  }

  /**
   * A page whose body does not have its numbers where this class expects them (a field added to the view under one
   * of the keys): never updated, so never live either.
   */
  get frozen(): boolean {
    return this.offsets() === null;
  }

  /** Kept until the catalog version changes (the polls keep its numbers current), not expired by age: set when it may be, and not frozen. */
  get live(): boolean {
    return this.eligible && !this.frozen;
  }

  set live(may: boolean) {
    this.eligible = may;
  }

  private offsets(): number[] | null {
    if (this.at === undefined) this.at = offsetsOf(this.body, this.values, this.skuIds.length) ?? null;
    return this.at;
  }

  /** Whether the page shows this SKU (an enabled one of its product) and keeps its numbers current. */
  has(skuId: number): boolean {
    return !this.frozen && this.skuIds.includes(skuId);
  }

  /** Takes the numbers of a later stock read (of a SKU it does not show: only the product's sales). */
  update(rows: readonly LiveSku[]): void {
    const at = this.offsets();
    if (!at) return;
    const next = [...this.values];
    for (const r of rows) {
      next[0] = r.productSales;
      const i = this.skuIds.indexOf(r.id);
      if (i < 0) continue;
      next[2 + 3 * i] = r.stock;
      next[3 + 3 * i] = r.salesCount;
      next[4 + 3 * i] = r.stock > 0;
    }
    let stock = 0;
    for (let i = 0; i < this.skuIds.length; i++) stock += next[2 + 3 * i] as number;
    next[1] = stock;
    if (next.every((v, i) => v === this.values[i])) return;
    const texts = next.map(String);
    const oldTexts = this.values.map(String);
    const size = this.body.byteLength + texts.reduce((n, t, i) => n + t.length - oldTexts[i]!.length, 0);
    // Its own allocation, like toJsonBody's: a slice of the shared pool would pin its slab while the page is kept.
    const body = Buffer.allocUnsafeSlow(size);
    let read = 0;
    let write = 0;
    for (let i = 0; i < texts.length; i++) {
      const old = at[i]!;
      write += this.body.copy(body, write, read, old);
      at[i] = write;
      write += body.write(texts[i]!, write, 'latin1');
      read = old + oldTexts[i]!.length;
    }
    this.body.copy(body, write, read);
    this.body = body;
    this.values.splice(0, this.values.length, ...next);
  }
}

const NAMES = ['salesCount', 'stock', 'available'];

/**
 * The offsets of `values` in `body`, in body order: the product's sales and stock first, then each SKU's stock, sales
 * and available in its field order; undefined when the body has them elsewhere or has one of the keys besides.
 */
function offsetsOf(body: Buffer, values: readonly (number | boolean)[], skus: number): number[] | undefined {
  const expected = ['salesCount', 'stock'];
  for (let i = 0; i < skus; i++) expected.push('stock', 'salesCount', 'available');
  const at: number[] = [];
  let from = 0;
  for (let i = 0; i < expected.length; i++) {
    // The next key of the three, in body order.
    let best = -1;
    let key = -1;
    for (let j = 0; j < KEYS.length; j++) {
      const found = body.indexOf(KEYS[j]!, from);
      if (found >= 0 && (best < 0 || found < best)) [best, key] = [found, j];
    }
    if (best < 0 || NAMES[key] !== expected[i]) return undefined;
    const start = best + KEYS[key]!.length;
    if (body.toString('latin1', start, start + String(values[i]).length) !== String(values[i])) return undefined;
    at.push(start);
    from = start;
  }
  return firstKeyAfter(body, from) >= 0 ? undefined : at;
}

/** Where the next live key after `from` is, -1 when none is. */
function firstKeyAfter(body: Buffer, from: number): number {
  return Math.max(...KEYS.map((k) => body.indexOf(k, from)));
}
