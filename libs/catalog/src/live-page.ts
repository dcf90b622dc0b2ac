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
 * The body is what `sendJson` sends; a change builds a new one (a request may still be sending the old).
 */
export class LivePage {
  /** The byte offset of each number in `body`: the product's sales and stock, then stock, sales, available per SKU. */
  private readonly at: number[];
  private readonly values: (number | boolean)[];
  /** Counted bytes (catalog-cache.ts `Sized`). */
  readonly cacheBytes: number;
  /** Kept until the catalog version changes (the polls keep its numbers current), not expired by age. */
  live = false;

  private constructor(
    public body: Buffer,
    readonly productId: number,
    private readonly skuIds: readonly number[],
    at: number[],
    values: (number | boolean)[],
    /** The number of the read the page comes from (LiveStock): a stock read numbered higher may have seen more. */
    readonly seq: number,
    readonly frozen = false,
  ) {
    this.at = at;
    this.values = values;
    this.cacheBytes = body.byteLength + PAGE_BYTES + PAGE_BYTES_PER_SKU * skuIds.length;
  }

  /**
   * The page of `view`. One whose body does not have its numbers where this class expects them (a field added to the
   * view under one of the keys) is frozen: never updated, so never live either.
   */
  static of(view: ShopperProductView, seq: number): LivePage {
    const body = toJsonBody(view);
    return LivePage.parse(body, view, seq) ?? new LivePage(body, view.id, [], [], [], seq, true);
  }

  private static parse(body: Buffer, view: ShopperProductView, seq: number): LivePage | undefined {
    const values: (number | boolean)[] = [view.salesCount, view.stock];
    for (const s of view.skus) values.push(s.stock, s.salesCount, s.available);
    const expected = ['salesCount', 'stock', ...view.skus.flatMap(() => ['stock', 'salesCount', 'available'])];
    const at: number[] = [];
    let from = 0;
    for (let i = 0; i < expected.length; i++) {
      // The next key of the three, in body order: the product's come first, then each SKU's in its field order.
      let best = -1;
      let key = -1;
      KEYS.forEach((k, j) => {
        const found = body.indexOf(k, from);
        if (found >= 0 && (best < 0 || found < best)) [best, key] = [found, j];
      });
      if (best < 0 || ['salesCount', 'stock', 'available'][key] !== expected[i]) return undefined;
      const start = best + KEYS[key]!.length;
      if (body.toString('latin1', start, start + String(values[i]).length) !== String(values[i])) return undefined;
      at.push(start);
      from = start;
    }
    if (firstKeyAfter(body, from) >= 0) return undefined;
    return new LivePage(
      body,
      view.id,
      view.skus.map((s) => s.id),
      at,
      values,
      seq,
    );
  }

  /** Whether the page shows this SKU (an enabled one of its product). */
  has(skuId: number): boolean {
    return this.skuIds.includes(skuId);
  }

  /** Takes the numbers of a later stock read (of a SKU it does not show: only the product's sales). */
  update(rows: readonly LiveSku[]): void {
    if (this.frozen) return;
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
      const old = this.at[i]!;
      write += this.body.copy(body, write, read, old);
      this.at[i] = write;
      write += body.write(texts[i]!, write, 'latin1');
      read = old + oldTexts[i]!.length;
    }
    this.body.copy(body, write, read);
    this.body = body;
    this.values.splice(0, this.values.length, ...next);
  }
}

/** Where the next live key after `from` is, -1 when none is. */
function firstKeyAfter(body: Buffer, from: number): number {
  return Math.max(...KEYS.map((k) => body.indexOf(k, from)));
}
