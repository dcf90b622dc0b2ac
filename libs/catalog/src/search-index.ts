import type { DataSource, EntityManager } from 'typeorm';
import { execute, isMysqlFamily, select } from '@app/database';
import {
  DELETE_ORPHAN_TOKENS,
  DELETE_SEARCH_TOKENS,
  INSERT_SEARCH_TOKENS,
  LOCK_PRODUCTS,
  PRODUCT_IDS_AFTER,
  PRODUCTS_IN_CATEGORIES,
  SEARCH_CODES,
  SEARCH_DOCS,
  SEARCH_SPECS,
} from './catalog.sql';
import { documentTokens, type SearchDocument } from './search-tokens';

/*
 * Keeps product_search_token in step with the products (docs/decisions.md, "Search"). Product writes call
 * `indexProducts` in their own transaction, after their changes, under the product row lock they hold; a category
 * rename reindexes the category's products; `rebuildSearchIndex` (npm run search:rebuild) does the whole catalog.
 */

/** Products per batch: IN lists and token inserts well under the placeholder limits of both drivers. */
const BATCH = 200;
/** Token rows per INSERT (3 parameters each). */
const INSERT_ROWS = 1000;

/** Rewrites the tokens of these products (a deleted or missing product loses its tokens). Run inside a transaction. */
export async function indexProducts(m: EntityManager, productIds: readonly number[]): Promise<number> {
  let written = 0;
  for (let i = 0; i < productIds.length; i += BATCH) written += await indexBatch(m, [...new Set(productIds.slice(i, i + BATCH))]);
  return written;
}

async function indexBatch(m: EntityManager, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  await select(m, LOCK_PRODUCTS(ids.length), ids);
  const docs = await select(m, SEARCH_DOCS(ids.length), ids);
  const live = docs.map((d) => Number(d.id));
  const specs = live.length ? await select(m, SEARCH_SPECS(live.length), live) : [];
  const codes = live.length ? await select(m, SEARCH_CODES(live.length), live) : [];
  const byProduct = new Map<number, SearchDocument>(
    docs.map((d) => [
      Number(d.id),
      {
        title: d.title,
        subtitle: d.subtitle,
        categories: [d.categoryName, d.parentName].filter((n): n is string => n !== null),
        specs: [],
        codes: [],
      },
    ]),
  );
  for (const s of specs) byProduct.get(Number(s.productId))?.specs.push(s.name, ...(JSON.parse(s.values) as string[]));
  for (const c of codes) byProduct.get(Number(c.productId))?.codes.push(c.code);

  await execute(m, DELETE_SEARCH_TOKENS(ids.length), ids);
  const rows: unknown[][] = [];
  for (const [productId, doc] of byProduct) for (const [token, weight] of documentTokens(doc)) rows.push([token, productId, weight]);
  for (let i = 0; i < rows.length; i += INSERT_ROWS) {
    const chunk = rows.slice(i, i + INSERT_ROWS);
    await execute(m, INSERT_SEARCH_TOKENS(chunk.length), chunk.flat());
  }
  return rows.length;
}

/** Reindexes the non-deleted products of these categories (their names are part of the products' documents). */
export async function indexCategories(m: EntityManager, categoryIds: readonly number[]): Promise<void> {
  if (categoryIds.length === 0) return;
  const rows = await select(m, PRODUCTS_IN_CATEGORIES(categoryIds.length), categoryIds);
  await indexProducts(
    m,
    rows.map((r) => Number(r.id)),
  );
}

export interface RebuildResult {
  products: number;
  tokens: number;
  ms: number;
}

/**
 * Recomputes the index of the whole catalog, a batch of products per transaction (each batch under its products'
 * row locks, so a concurrent edit is never overwritten by an older document), then drops the tokens of products
 * deleted meanwhile or before. Shoppers keep searching while it runs.
 */
export async function rebuildSearchIndex(ds: DataSource): Promise<RebuildResult> {
  const started = Date.now();
  let after = 0;
  let products = 0;
  let tokens = 0;
  for (;;) {
    const ids = (await select(ds.manager, PRODUCT_IDS_AFTER, [after, BATCH])).map((r) => Number(r.id));
    if (ids.length === 0) break;
    const batch = (m: EntityManager): Promise<number> => indexBatch(m, ids);
    tokens += await (isMysqlFamily(ds) ? ds.transaction('READ COMMITTED', batch) : ds.transaction(batch));
    products += ids.length;
    after = ids[ids.length - 1]!;
  }
  await execute(ds.manager, DELETE_ORPHAN_TOKENS, []);
  return { products, tokens, ms: Date.now() - started };
}
