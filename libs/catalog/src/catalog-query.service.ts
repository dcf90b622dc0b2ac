import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import { type Page, pageParams, toJsonBody, toPage } from '@app/common';
import { dbDate, dbDateTime, ReadReplicas, select, type Sql } from '@app/database';
import { CatalogCache } from './catalog-cache';
import { LiveStock, productPageKey } from './live-stock';
import { CatalogErrors } from './catalog.errors';
import { DEFERRED_JOIN_FROM_OFFSET, ENABLED_SKUS, PRODUCT_LISTING, PRODUCT_SEARCH, PRODUCT_SPECS, SHOPPER_PRODUCT } from './catalog.sql';
import { type Cursor, decodeCursor, encodeCursor } from './listing-cursor';
import { CategoriesService } from './categories.service';
import {
  type AdminProductListItem,
  type AdminProductView,
  type ProductCard,
  type ShopperProductView,
  toAdminProductListItem,
  toAdminProductView,
  toProductCard,
  toShopperProductView,
} from './dto/catalog.mappers';
import { type AdminProductListQuery, type ProductListQuery, type ProductSort, TIME_SORTS } from './dto/product-query.dto';
import type { ProductCardPage } from './dto/product-view.dto';
import { ProductSpec } from './product-spec.entity';
import { Product } from './product.entity';
import { queryTokens } from './search-tokens';
import { Sku } from './sku.entity';

export interface ListingSql {
  /** A search's page carries the number of matches (`fullCount`) on each row, a listing's the sort value. */
  page: { sql: Sql<ProductCard & { fullCount?: number | string; sortKey?: unknown }>; params: unknown[] };
  count: { sql: Sql<{ n: number | string }>; params: unknown[] };
}

/** `keyword` as a LIKE pattern: wildcards typed by the user match themselves ('!' is the escape character). */
export function containsPattern(keyword: string): string {
  return `%${keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Reads of the catalog: shopper browsing (on-sale, non-deleted only) and the admin's product views. */
@Injectable()
export class CatalogQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly categories: CategoriesService,
    private readonly cache: CatalogCache,
    private readonly replicas: ReadReplicas,
    private readonly live: LiveStock,
  ) {}

  // Shopper reads are the hottest routes: plain SQL (portable to the embedded driver) skips the query builder
  // and entity hydration, which cost more CPU than MySQL spends answering them. Answers go through the read cache, and
  // are read from a read replica when there is one (they may lag the primary: ReadReplicas.staleBoundMs). They are
  // kept and answered as JSON bodies (a `ProductCardPage`, a `ShopperProductView`), serialized once.
  shopperList(q: ProductListQuery): Promise<Buffer> {
    return this.cache.body(
      `list:${JSON.stringify([q.categoryId, q.keyword, q.minPrice, q.maxPrice, q.sort, q.page, q.pageSize, q.cursor])}`,
      () => this.replicas.read((m) => (q.keyword ? this.search(m, q) : this.list(m, q))),
    );
  }

  private async search(m: EntityManager, q: ProductListQuery): Promise<ProductCardPage> {
    const { offset, pageSize } = pageParams(q);
    const { page, count } = await this.shopperListSql(q, offset, pageSize, undefined, m);
    const rows = await select(m, page.sql, page.params);
    // Past the last page the window count has no row to ride on: count apart.
    const total =
      rows.length > 0
        ? Number(rows[0]!.fullCount ?? rows.length)
        : offset === 0
          ? 0
          : Number((await select(m, count.sql, count.params))[0]?.n ?? 0);
    return { ...toPage(rows.map(toProductCard), total, q), totalSource: 'counted', nextCursor: null };
  }

  /**
   * A listing page. Deep pages seek instead of skipping: after `cursor` (the previous page's `nextCursor`), or, for
   * `page` alone, after the last row of the previous page when this instance served it since the last catalog
   * change (the starter pages one after another); otherwise OFFSET. The total is counted once per filter and
   * catalog version, not per page (`totalSource`).
   */
  private async list(m: EntityManager, q: ProductListQuery): Promise<ProductCardPage> {
    const { page: pageNo, offset, pageSize } = pageParams(q);
    const sort = q.sort ?? 'default';
    const filters = JSON.stringify([q.categoryId, q.minPrice, q.maxPrice]);
    const boundary = (n: number): string => `boundary:${filters}:${sort}:${pageSize}:${n}`;
    const after = q.cursor !== undefined ? decodeCursor(q.cursor, sort) : this.cache.peek<Cursor>(boundary(pageNo - 1));
    const { page, count } = await this.shopperListSql(q, after ? 0 : offset, pageSize, after && this.seekParams(m, after), m);
    let totalSource: ProductCardPage['totalSource'] = 'cached';
    const total = await this.cache.get(`count:${filters}`, async () => {
      totalSource = 'counted';
      return Number((await select(m, count.sql, count.params))[0]?.n ?? 0);
    });
    const rows = after || total > offset ? await select(m, page.sql, page.params) : [];
    const last = rows.length === pageSize ? rows[rows.length - 1] : undefined;
    const next = last ? { sort, key: this.sortKey(m, sort, last.sortKey), id: Number(last.id) } : null;
    if (next && q.cursor === undefined) this.cache.set(boundary(pageNo), next);
    return { ...toPage(rows.map(toProductCard), total, q), totalSource, nextCursor: next && encodeCursor(next) };
  }

  /** A row's sort value as the cursor keeps it (dates as ISO text). */
  private sortKey(m: EntityManager, sort: ProductSort, v: unknown): number | string {
    return TIME_SORTS.includes(sort) ? dbDate(m, v)!.toISOString() : Number(v);
  }

  private seekParams(m: EntityManager, c: Cursor): unknown[] {
    const v = typeof c.key === 'string' ? dbDateTime(m, new Date(c.key)) : c.key;
    return [v, v, c.id];
  }

  /**
   * The shopper listing statements (exposed for the EXPLAIN test): only the card columns, visibility as
   * equalities on (status, deleted_at) so one of the listing indexes serves filter and sort.
   */
  async shopperListSql(q: ProductListQuery, offset = 0, limit = 20, seek?: unknown[], m = this.ds.manager): Promise<ListingSql> {
    const filters: unknown[] = [];
    let categories: number | null = null;
    if (q.categoryId !== undefined) {
      const ids = await this.categories.withChildren(m, q.categoryId);
      categories = ids.length;
      filters.push(...ids);
    }
    const prices = { minPrice: q.minPrice !== undefined, maxPrice: q.maxPrice !== undefined };
    if (q.minPrice !== undefined) filters.push(q.minPrice);
    if (q.maxPrice !== undefined) filters.push(q.maxPrice);
    const sort = q.sort ?? 'default';
    const { required, optional } = queryTokens(q.keyword ?? '');
    if (!q.keyword || required.length === 0) {
      // No keyword, or one without a letter, digit or CJK character: nothing can match it (an unknown category's shape).
      const shape = q.keyword
        ? { categories: 0, sort }
        : { categories, ...prices, sort, after: seek !== undefined, deferred: seek === undefined && offset >= DEFERRED_JOIN_FROM_OFFSET };
      const params = q.keyword ? [] : filters;
      const { page, count } = PRODUCT_LISTING(shape);
      return { page: { sql: page, params: [...params, ...(seek ?? []), limit, offset] }, count: { sql: count, params } };
    }
    const { page, count } = PRODUCT_SEARCH({
      tokens: required.length + optional.length,
      required: required.length,
      categories,
      ...prices,
      sort,
    });
    const params = [...required, ...optional, ...required, required.length, ...filters];
    return { page: { sql: page, params: [...params, limit, offset] }, count: { sql: count, params } };
  }

  /**
   * Product page (the body of a `ShopperProductView`): three queries whatever the number of SKUs (product, specs,
   * enabled SKUs); cached (once the cache is full, on its second miss within the admission window), its stock and
   * sales numbers kept current by LiveStock, so it is kept until the catalog version changes instead of expiring by age.
   */
  async shopperDetail(id: number): Promise<Buffer> {
    const read = (): Promise<ShopperProductView> => this.replicas.read((m) => this.detail(m, id));
    if (!this.cache.enabled) return toJsonBody(await read());
    await this.live.current();
    let seq: number | undefined;
    try {
      const page = await this.cache.get(
        productPageKey(id),
        async () => {
          const loaded = await this.live.load(read, this.replicas.staleBoundMs > 0);
          seq = loaded.seq;
          return loaded;
        },
        'catalog',
        (p) => (p.live ? Infinity : undefined),
        // At 100,000 products a page read at random is nearly always a miss: once the cache is full, one is kept
        // on its second miss only, so pages read once do not push out the hot ones (docs/decisions.md).
        true,
      );
      return page.body;
    } finally {
      if (seq !== undefined) this.live.settle(seq);
    }
  }

  private async detail(m: EntityManager, id: number): Promise<ShopperProductView> {
    const [product] = await select(m, SHOPPER_PRODUCT, [id]);
    if (!product) throw CatalogErrors.productNotFound();
    const specs = await select(m, PRODUCT_SPECS, [id]);
    const skus = await select(m, ENABLED_SKUS, [id]);
    return toShopperProductView(
      { ...product, images: parseList(product.images), detailImages: parseList(product.detailImages) },
      specs.map((s) => ({ ...s, values: parseList(s.values) })),
      skus.map((s) => ({ ...s, specValues: parseList(s.specValues) })),
    );
  }

  async adminList(q: AdminProductListQuery): Promise<Page<AdminProductListItem>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.getRepository(Product).createQueryBuilder('p').where('p.deletedAt IS NULL');
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    await this.filter(qb, q);
    const [rows, total] = await qb.orderBy('p.id', 'DESC').offset(offset).limit(pageSize).getManyAndCount();
    return toPage(rows.map(toAdminProductListItem), total, q);
  }

  /** The admin document of a non-deleted product (also read inside write transactions to echo the result). */
  async adminDetail(m: EntityManager | undefined, id: number): Promise<AdminProductView> {
    const em = m ?? this.ds.manager;
    const product = await em.getRepository(Product).findOne({ where: { id, deletedAt: IsNull() } });
    if (!product) throw CatalogErrors.productNotFound();
    const specs = await em.getRepository(ProductSpec).find({ where: { productId: id } });
    const skus = await em.getRepository(Sku).find({ where: { productId: id } });
    return toAdminProductView(product, specs, skus);
  }

  private async filter(qb: SelectQueryBuilder<Product>, q: { categoryId?: number; keyword?: string }): Promise<void> {
    if (q.categoryId !== undefined) {
      const ids = await this.categories.withChildren(this.ds.manager, q.categoryId);
      if (ids.length === 0) qb.andWhere('1 = 0');
      else if (ids.length === 1) qb.andWhere('p.categoryId = :categoryId', { categoryId: ids[0] });
      else qb.andWhere('p.categoryId IN (:...categoryIds)', { categoryIds: ids });
    }
    if (q.keyword) {
      const pattern = containsPattern(q.keyword);
      qb.andWhere(
        new Brackets((w) =>
          w.where("p.title LIKE :kw ESCAPE '!'", { kw: pattern }).orWhere("p.subtitle LIKE :kw ESCAPE '!'", { kw: pattern }),
        ),
      );
    }
  }
}

/** simple-json columns arrive as text from both drivers. */
function parseList(text: string): string[] {
  return JSON.parse(text) as string[];
}
