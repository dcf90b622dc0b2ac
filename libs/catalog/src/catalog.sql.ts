import { marks, snakeCase, sql, sqlFn, sqlLiterals } from '@app/database';
import type { Category } from './category.entity';
import {
  PRODUCT_CARD_COLUMNS,
  type ProductCard,
  type ShopperProductSource,
  type ShopperSkuSource,
  type ShopperSpecSource,
} from './dto/catalog.mappers';
import type { ProductSort } from './dto/product-query.dto';
import { PRODUCT_STATUSES, type Product } from './product.entity';
import type { SearchWord } from './search-word.entity';
import { SKU_STATUSES, type Sku } from './sku.entity';
import type { StockMovement } from './stock-movement.entity';

/*
 * catalog's hand-written statements (docs/decisions.md, "When SQL is written by hand"): the shopper reads (listing,
 * product page, the SKU snapshots cart and checkout take on every request) and every change of stock.
 */

const PRODUCT = sqlLiterals(PRODUCT_STATUSES);
const SKU = sqlLiterals(SKU_STATUSES);

// ---- shopper reads -----------------------------------------------------------------------------------------------

/** What cart and checkout read about a SKU (sku joined with its product). */
export type SnapshotRow = {
  skuId: Sku['id'];
  productId: Sku['productId'];
  title: Product['title'];
  specText: Sku['specText'];
  skuImage: Sku['image'];
  mainImage: Product['mainImage'];
  price: Sku['price'];
  linePrice: Sku['linePrice'];
  stock: Sku['stock'];
  skuStatus: Sku['status'];
  limitPerOrder: Product['limitPerOrder'];
  limitPerUser: Product['limitPerUser'];
  productStatus: Product['status'];
  deletedAt: Product['deletedAt'];
  categoryId: Product['categoryId'];
  parentCategoryId: Category['parentId'];
};

export const SKU_SNAPSHOTS = sqlFn(
  (skus: number) =>
    sql<SnapshotRow>(
      'SELECT s.id AS skuId, s.product_id AS productId, p.title AS title, s.spec_text AS specText, s.image AS skuImage, ' +
        'p.main_image AS mainImage, s.price AS price, s.line_price AS linePrice, s.stock AS stock, s.status AS skuStatus, ' +
        'p.limit_per_order AS limitPerOrder, p.limit_per_user AS limitPerUser, ' +
        'p.status AS productStatus, p.deleted_at AS deletedAt, p.category_id AS categoryId, c.parent_id AS parentCategoryId ' +
        'FROM sku s INNER JOIN product p ON p.id = s.product_id LEFT JOIN category c ON c.id = p.category_id ' +
        `WHERE s.id IN (${marks(skus)})`,
    ),
  [[1], [3]],
);

/** Products' categories and their parents (what a coupon's category scope matches). */
export const PRODUCT_CATEGORIES = sqlFn(
  (products: number) =>
    sql<{ productId: Product['id']; categoryId: Product['categoryId']; parentCategoryId: Category['parentId'] }>(
      'SELECT p.id AS productId, p.category_id AS categoryId, c.parent_id AS parentCategoryId FROM product p ' +
        `LEFT JOIN category c ON c.id = p.category_id WHERE p.id IN (${marks(products)})`,
    ),
  [[1], [3]],
);

/** A category and its subcategories. */
export const CATEGORY_WITH_CHILDREN = sql<Pick<Category, 'id'>>('SELECT id FROM category WHERE id = ? OR parent_id = ?');

/** ORDER BY of each shopper sort; the id tie-break keeps pages stable and is served by the same indexes. */
const SORTS: Record<ProductSort, string> = {
  default: 'p.created_at DESC, p.id DESC',
  newest: 'p.created_at DESC, p.id DESC',
  sales: 'p.sales_count DESC, p.id DESC',
  price_asc: 'p.min_price ASC, p.id ASC',
  price_desc: 'p.min_price DESC, p.id DESC',
};

/** The sort column of each sort (the first ORDER BY key) and its direction: the keyset of deep pages. */
const SORT_KEYS: Record<
  ProductSort,
  { column: 'created_at' | 'sales_count' | 'min_price'; desc: boolean; index: 'created' | 'sales' | 'price' }
> = {
  default: { column: 'created_at', desc: true, index: 'created' },
  newest: { column: 'created_at', desc: true, index: 'created' },
  sales: { column: 'sales_count', desc: true, index: 'sales' },
  price_asc: { column: 'min_price', desc: false, index: 'price' },
  price_desc: { column: 'min_price', desc: true, index: 'price' },
};

/**
 * Rows after a page's last row in the sort's order (seek pagination: no OFFSET to walk): a range on the sort column
 * plus the tie-break (`c <= ? AND (c < ? OR id < ?)`; MariaDB makes no range of a row comparison). Rows tied on the
 * sort value before the cursor are still read (many products at one price). Parameters: the value twice, the id.
 */
const SEEK = Object.fromEntries(
  Object.entries(SORT_KEYS).map(([sort, { column, desc }]) => {
    const op = desc ? '<' : '>';
    return [sort, `p.${column} ${op}= ? AND (p.${column} ${op} ? OR p.id ${op} ?)`];
  }),
) as Record<ProductSort, string>;

/** The card columns only (PRODUCT_CARD_COLUMNS), named as the mapper reads them. */
const CARD_SELECT = PRODUCT_CARD_COLUMNS.map((c) => `p.${snakeCase(c)} AS ${c}`).join(', ');

/**
 * From this many rows skipped, a `page` without a seek reads the page's ids alone on the listing index (covering)
 * and then its rows by primary key (a deferred join): OFFSET 9,980 on 100,000 products read 10,000 whole rows, 59 ms
 * against 5.6 ms (docs/decisions.md). Below it the plain statement costs the same, and keeps the plans without a
 * sort of the page.
 */
export const DEFERRED_JOIN_FROM_OFFSET = 100;

export interface ListingShape {
  /** How many categories filter the listing: null = none, 0 = an unknown category (nothing matches). */
  categories: number | null;
  /** A lower / upper bound on the "from" price (min_price). */
  minPrice?: boolean;
  maxPrice?: boolean;
  sort: ProductSort;
}

/** Category and price conditions on `p`; their parameters: the category ids, then min and max price when given. */
function listingFilters(shape: Pick<ListingShape, 'categories' | 'minPrice' | 'maxPrice'>): string[] {
  const where: string[] = [];
  const n = shape.categories;
  if (n !== null) where.push(n === 0 ? '1 = 0' : n === 1 ? 'p.category_id = ?' : `p.category_id IN (${marks(n)})`);
  if (shape.minPrice) where.push('p.min_price >= ?');
  if (shape.maxPrice) where.push('p.min_price <= ?');
  return where;
}

/**
 * The shopper listing: a page of cards and the count. Visibility as equalities on (status, deleted_at), so one of
 * the listing indexes serves filter and sort. Parameters: the category ids, min and max price (when given), then
 * (page only) the seek values (after a row, SEEK), limit and offset. A keyword is a search (PRODUCT_SEARCH).
 */
export const PRODUCT_LISTING = sqlFn(
  (shape: ListingShape & { after?: boolean; deferred?: boolean }) => {
    const where = [`p.status = ${PRODUCT.on_sale}`, 'p.deleted_at IS NULL', ...listingFilters(shape)];
    const from = `FROM product p WHERE ${where.join(' AND ')}`;
    const { column, index } = SORT_KEYS[shape.sort];
    // A seek names its index: MariaDB otherwise reads the (status, deleted_at) prefix backwards from the end and
    // filters, walking every row before the cursor on DESC sorts, the cost seeking is meant to avoid.
    const seekFrom = `FROM product p FORCE INDEX (idx_product_${shape.categories === 1 ? 'cat' : 'list'}_${index}) WHERE ${where.join(' AND ')}`;
    const page = shape.after ? `${seekFrom} AND ${SEEK[shape.sort]}` : from;
    const select = `SELECT ${CARD_SELECT}, p.${column} AS sortKey`;
    return {
      page: sql<ProductCard & { sortKey: unknown }>(
        shape.deferred && !shape.after
          ? `${select} FROM product p JOIN (SELECT p.id ${from} ORDER BY ${SORTS[shape.sort]} LIMIT ? OFFSET ?) d ON d.id = p.id ` +
              `ORDER BY ${SORTS[shape.sort]}`
          : `${select} ${page} ORDER BY ${SORTS[shape.sort]} LIMIT ? OFFSET ?`,
      ),
      count: sql<{ n: number | string }>(`SELECT COUNT(*) AS n ${from}`),
    };
  },
  [
    [{ categories: null, sort: 'default' }],
    [{ categories: 1, sort: 'sales' }],
    [{ categories: 3, sort: 'price_asc' }],
    [{ categories: 0, sort: 'price_desc' }],
    [{ categories: 2, minPrice: true, maxPrice: true, sort: 'newest' }],
    [{ categories: 1, sort: 'price_desc', after: true }],
    [{ categories: null, sort: 'price_asc', after: true }],
    [{ categories: null, sort: 'sales', deferred: true }],
    [{ categories: 2, minPrice: true, sort: 'newest', deferred: true }],
  ],
);

/** simple-json columns arrive as text from both drivers. */
type Json<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };

export const SHOPPER_PRODUCT = sql<Json<ShopperProductSource, 'images' | 'detailImages'>>(
  'SELECT id, category_id AS categoryId, title, subtitle, main_image AS mainImage, images, detail_images AS detailImages, ' +
    'min_price AS minPrice, max_price AS maxPrice, line_price AS linePrice, sales_count AS salesCount, ' +
    'limit_per_order AS limitPerOrder, limit_per_user AS limitPerUser ' +
    `FROM product WHERE id = ? AND status = ${PRODUCT.on_sale} AND deleted_at IS NULL`,
);
export const PRODUCT_SPECS = sql<Json<ShopperSpecSource, 'values'>>(
  'SELECT id, name, `values`, sort FROM product_spec WHERE product_id = ?',
);
export const ENABLED_SKUS = sql<Json<ShopperSkuSource, 'specValues'>>(
  'SELECT id, spec_values AS specValues, spec_text AS specText, price, line_price AS linePrice, stock, ' +
    `sales_count AS salesCount, image, sort FROM sku WHERE product_id = ? AND status = ${SKU.enabled}`,
);

/**
 * The live part of cached product pages (live-stock.ts): every change of a SKU's stock or sales writes a
 * `stock_movement` row in its transaction, so the movements after an id name the SKUs that changed since.
 */
export const LAST_STOCK_MOVEMENT = sql<{ id: StockMovement['id'] | null }>('SELECT MAX(id) AS id FROM stock_movement');
/** Parameters: the id after which to read (a primary-key range). */
export const STOCK_MOVEMENTS_AFTER = sql<{ id: StockMovement['id']; skuId: StockMovement['skuId'] }>(
  'SELECT id, sku_id AS skuId FROM stock_movement WHERE id > ? ORDER BY id',
);
/** Stock and sales of SKUs and of their products (what a product page shows that changes without a catalog version). */
export const LIVE_SKUS = sqlFn(
  (skus: number) =>
    sql<{
      id: Sku['id'];
      productId: Sku['productId'];
      stock: Sku['stock'];
      salesCount: Sku['salesCount'];
      productSales: Product['salesCount'];
    }>(
      'SELECT s.id AS id, s.product_id AS productId, s.stock AS stock, s.sales_count AS salesCount, p.sales_count AS productSales ' +
        `FROM sku s INNER JOIN product p ON p.id = s.product_id WHERE s.id IN (${marks(skus)})`,
    ),
  [[1], [3]],
);

// ---- stock (InventoryService: every change is a conditional update through the primary key plus a ledger row) ----

/** Takes `q` units (and counts them sold) if the SKU is enabled and has them. Parameters: q, q, updated_at, id, q. */
export const RESERVE_STOCK = sql(
  'UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock - ?, sales_count = sales_count + ?, updated_at = ? ' +
    `WHERE id = ? AND stock >= ? AND status = ${SKU.enabled}`,
);
/** Gives `q` units back (and uncounts them, never below 0). Parameters: q, q, q, updated_at, id. */
export const RETURN_STOCK = sql(
  'UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock + ?, sales_count = CASE WHEN sales_count >= ? THEN sales_count - ? ELSE 0 END, ' +
    'updated_at = ? WHERE id = ?',
);
const OF_LIVE_PRODUCT = 'EXISTS (SELECT 1 FROM product p WHERE p.id = sku.product_id AND p.deleted_at IS NULL)';
/** An operator's write-off, never below zero. Parameters: delta (negative), updated_at, id, -delta. */
export const WRITE_OFF_STOCK = sql(
  `UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock + ?, updated_at = ? WHERE id = ? AND ${OF_LIVE_PRODUCT} AND stock >= ?`,
);
/** An operator's receipt of goods, never above the maximum. Parameters: delta, updated_at, id, MAX_STOCK - delta. */
export const RECEIVE_STOCK = sql(
  `UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock + ?, updated_at = ? WHERE id = ? AND ${OF_LIVE_PRODUCT} AND stock <= ?`,
);
/** The stock of new SKUs (stored with 0). Parameters: (id, quantity) per SKU, then the ids. */
export const INITIAL_STOCK = sqlFn(
  (skus: number) =>
    sql(
      `UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock + CASE id ${Array.from({ length: skus }, () => 'WHEN ? THEN ?').join(' ')} ELSE 0 END ` +
        `WHERE id IN (${marks(skus)})`,
    ),
  [[1], [2]],
);
/** Locks SKU rows in id order (the lock order). */
export const LOCK_SKUS = sqlFn(
  (skus: number) => sql<Pick<Sku, 'id'>>(`SELECT id FROM sku WHERE id IN (${marks(skus)}) ORDER BY id FOR UPDATE`),
  [[2]],
);
/** SKUs that already have a movement of this reason and ref. Parameters: ref_type, ref_id, reason, the SKU ids. */
export const MOVED_SKUS = sqlFn(
  (skus: number) =>
    sql<Pick<StockMovement, 'skuId'>>(
      `SELECT sku_id AS skuId FROM stock_movement WHERE ref_type = ? AND ref_id = ? AND reason = ? AND sku_id IN (${marks(skus)})`,
    ),
  [[2]],
);
/** Stock and status of SKUs (which lines of a refused reservation are short). */
export const SKU_STOCK = sqlFn(
  (skus: number) => sql<Pick<Sku, 'id' | 'stock' | 'status'>>(`SELECT id, stock, status FROM sku WHERE id IN (${marks(skus)})`),
  [[2]],
);
/** The product of each SKU. */
export const SKU_PRODUCTS = sqlFn(
  (skus: number) =>
    sql<{ id: Sku['id']; productId: Sku['productId'] }>(`SELECT id, product_id AS productId FROM sku WHERE id IN (${marks(skus)})`),
  [[1], [2]],
);
/**
 * The ledger rows of the lines in one INSERT ... SELECT, `stock_after` read from the SKU rows the transaction has just
 * updated (and holds locked). Parameters: (id, delta) per line, reason, ref_type, ref_id, admin_id, note, created_at,
 * then the ids.
 */
export const WRITE_LEDGER = sqlFn(
  (lines: number) =>
    sql(
      'INSERT INTO stock_movement (sku_id, delta, reason, ref_type, ref_id, admin_id, note, created_at, stock_after) ' +
        `SELECT id, CASE id ${Array.from({ length: lines }, () => 'WHEN ? THEN ?').join(' ')} END, ?, ?, ?, ?, ?, ?, stock FROM sku ` +
        `WHERE id IN (${marks(lines)}) ORDER BY id`,
    ),
  [[1], [3]],
);
/** Units sold of a product (reservations). Parameters: q, id. */
export const ADD_PRODUCT_SALES = sql('UPDATE product SET sales_count = sales_count + ? WHERE id = ?');
/** Units no longer sold (releases), never below 0. Parameters: q, q, id. */
export const REMOVE_PRODUCT_SALES = sql(
  'UPDATE product SET sales_count = CASE WHEN sales_count >= ? THEN sales_count - ? ELSE 0 END WHERE id = ?',
);

// ---- search (docs/decisions.md, "Search": tokens computed by the application, kept in product_search_token) -------

/** What a product's tokens are computed from; its category's and parent category's names. */
export type SearchDocRow = Pick<Product, 'id' | 'title' | 'subtitle'> & { categoryName: string | null; parentName: string | null };
export const SEARCH_DOCS = sqlFn(
  (products: number) =>
    sql<SearchDocRow>(
      'SELECT p.id AS id, p.title AS title, p.subtitle AS subtitle, c.name AS categoryName, pc.name AS parentName FROM product p ' +
        'LEFT JOIN category c ON c.id = p.category_id LEFT JOIN category pc ON pc.id = c.parent_id ' +
        `WHERE p.id IN (${marks(products)}) AND p.deleted_at IS NULL`,
    ),
  [[1], [3]],
);
/** Locks product rows in id order (reindexing reads a product's document under its row lock, as its writes do). */
export const LOCK_PRODUCTS = sqlFn(
  (products: number) => sql<Pick<Product, 'id'>>(`SELECT id FROM product WHERE id IN (${marks(products)}) ORDER BY id FOR UPDATE`),
  [[2]],
);
export const SEARCH_SPECS = sqlFn(
  (products: number) =>
    sql<{ productId: number; name: string; values: string }>(
      `SELECT product_id AS productId, name, \`values\` FROM product_spec WHERE product_id IN (${marks(products)})`,
    ),
  [[2]],
);
export const SEARCH_CODES = sqlFn(
  (products: number) =>
    sql<Pick<Sku, 'productId' | 'code'>>(
      `SELECT product_id AS productId, code FROM sku WHERE product_id IN (${marks(products)}) AND status = ${SKU.enabled} AND code <> ''`,
    ),
  [[2]],
);
export const DELETE_SEARCH_TOKENS = sqlFn(
  (products: number) => sql(`DELETE FROM product_search_token WHERE product_id IN (${marks(products)})`),
  [[1], [2]],
);
/** Parameters: (token, product_id, weight) per row. */
export const INSERT_SEARCH_TOKENS = sqlFn(
  (rows: number) =>
    sql(
      `INSERT INTO product_search_token (token, product_id, weight) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?)').join(', ')}`,
    ),
  [[1], [3]],
);
/** Non-deleted products of some categories, in id order (a category rename reindexes them). */
export const PRODUCTS_IN_CATEGORIES = sqlFn(
  (categories: number) =>
    sql<Pick<Product, 'id'>>(`SELECT id FROM product WHERE category_id IN (${marks(categories)}) AND deleted_at IS NULL ORDER BY id`),
  [[1], [3]],
);
/** The next batch of non-deleted products after an id (the rebuild). Parameters: id, limit. */
export const PRODUCT_IDS_AFTER = sql<Pick<Product, 'id'>>('SELECT id FROM product WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?');
/** Tokens of products deleted or gone (the rebuild's last step). */
export const DELETE_ORPHAN_TOKENS = sql(
  'DELETE FROM product_search_token WHERE product_id NOT IN (SELECT id FROM product WHERE deleted_at IS NULL)',
);

export interface SearchShape {
  /** Query tokens in the IN list (required first, then optional). */
  tokens: number;
  /** Tokens every match must have. */
  required: number;
  /** As in ListingShape. */
  categories: number | null;
  minPrice: boolean;
  maxPrice: boolean;
  sort: ProductSort;
}

/** ORDER BY of a search: `default` is relevance (field weights), then sales. */
const SEARCH_SORTS: Record<ProductSort, string> = { ...SORTS, default: 'm.score DESC, p.sales_count DESC, p.id DESC' };

/**
 * Keyword search: the matches come from the token index's primary key ranges (a product matches when it has every
 * required token), then each match's product row (by primary key) for visibility, filters and sort. Parameters: the tokens, the
 * required tokens, their number, the category ids, min price, max price (when given), then (page only) limit, offset.
 */
export const PRODUCT_SEARCH = sqlFn(
  (shape: SearchShape) => {
    const matches =
      `SELECT t.product_id AS pid, SUM(t.weight) AS score FROM product_search_token t WHERE t.token IN (${marks(shape.tokens)}) ` +
      `GROUP BY t.product_id HAVING SUM(CASE WHEN t.token IN (${marks(shape.required)}) THEN 1 ELSE 0 END) = ?`;
    const where = [`p.status = ${PRODUCT.on_sale}`, 'p.deleted_at IS NULL', ...listingFilters(shape)];
    // STRAIGHT_JOIN: read the matches first, then each one's product by primary key. Left to itself, the optimizer
    // may walk a category or sort index of product and probe the matches per row: a scan of the catalog when the
    // words are rare (docs/catalog-indexes.md, "Search").
    const from = `FROM (${matches}) m STRAIGHT_JOIN product p ON p.id = m.pid WHERE ${where.join(' AND ')}`;
    return {
      // The number of matches rides on the page (a window count): the matches are computed once, not twice.
      page: sql<ProductCard & { fullCount: number | string }>(
        `SELECT ${CARD_SELECT}, COUNT(*) OVER () AS fullCount ${from} ORDER BY ${SEARCH_SORTS[shape.sort]} LIMIT ? OFFSET ?`,
      ),
      count: sql<{ n: number | string }>(`SELECT COUNT(*) AS n ${from}`),
    };
  },
  [
    [{ tokens: 3, required: 2, categories: null, minPrice: false, maxPrice: false, sort: 'default' }],
    [{ tokens: 1, required: 1, categories: 2, minPrice: true, maxPrice: true, sort: 'price_desc' }],
  ],
);

/** Suggestions: on-sale titles starting with a prefix (idx_product_title). Parameters: the LIKE pattern, limit. */
export const SUGGEST_TITLES = sql<Pick<Product, 'id' | 'title'>>(
  `SELECT id, title FROM product WHERE status = ${PRODUCT.on_sale} AND deleted_at IS NULL AND title LIKE ? ESCAPE '!' ORDER BY title LIMIT ?`,
);
/** Suggestions: searched or pinned words starting with a prefix (uq_search_word). Parameters: the LIKE pattern, limit. */
export const SUGGEST_WORDS = sql<Pick<SearchWord, 'word'>>(
  "SELECT word FROM search_word WHERE word LIKE ? ESCAPE '!' AND (search_count > 0 OR pinned_sort IS NOT NULL) ORDER BY search_count DESC LIMIT ?",
);

// ---- the catalog version (catalog-cache.ts) ------------------------------------------------------------------------

/** Every scope's version (one row per scope: 1 catalog, 2 reviews); the table has no other rows. */
export const CATALOG_VERSIONS = sql<{ id: number | string; version: number | string }>('SELECT id, version FROM catalog_version');
/**
 * Bumped by every write a scope's cached reads must not outlive, in its transaction (last: it is one shared row).
 * Parameter: the scope's row id.
 */
export const BUMP_CATALOG_VERSION = sql('UPDATE catalog_version SET version = version + 1 WHERE id = ?');
/** A scope's row on its first bump (the migration inserts the catalog's; the embedded database has none). Parameter: id. */
export const INSERT_CATALOG_VERSION = sql('INSERT INTO catalog_version (id, version) VALUES (?, 1)');
