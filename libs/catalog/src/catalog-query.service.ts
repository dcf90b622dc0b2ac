import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CategoriesService } from './categories.service';
import {
  type AdminProductListItem,
  type AdminProductView,
  type ProductCard,
  type ShopperProductSource,
  type ShopperProductView,
  type ShopperSkuSource,
  type ShopperSpecSource,
  toAdminProductListItem,
  toAdminProductView,
  toProductCard,
  toShopperProductView,
} from './dto/catalog.mappers';
import type { AdminProductListQuery, ProductListQuery, ProductSort } from './dto/product-query.dto';
import { ProductSpec } from './product-spec.entity';
import { Product } from './product.entity';
import { Sku } from './sku.entity';

/** ORDER BY of each shopper sort; the id tie-break keeps pages stable and is served by the same indexes. */
const SORTS: Record<ProductSort, string> = {
  default: 'p.created_at DESC, p.id DESC',
  newest: 'p.created_at DESC, p.id DESC',
  sales: 'p.sales_count DESC, p.id DESC',
  price_asc: 'p.min_price ASC, p.id ASC',
  price_desc: 'p.min_price DESC, p.id DESC',
};

/** The card columns only (PRODUCT_CARD_COLUMNS), named as the mapper reads them. */
const CARD_SELECT =
  'p.id AS id, p.title AS title, p.main_image AS mainImage, p.min_price AS minPrice, p.max_price AS maxPrice, ' +
  'p.line_price AS linePrice, p.sales_count AS salesCount';

export interface ListingSql {
  page: { sql: string; params: unknown[] };
  count: { sql: string; params: unknown[] };
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
  ) {}

  // Shopper reads are the hottest routes: plain SQL (portable to the embedded driver) skips the query builder
  // and entity hydration, which cost more CPU than MySQL spends answering them.
  async shopperList(q: ProductListQuery): Promise<Page<ProductCard>> {
    const { offset, pageSize } = pageParams(q);
    const { page, count } = await this.shopperListSql(q, offset, pageSize);
    const [counted] = await this.ds.query<{ n: number | string }[]>(count.sql, count.params);
    const total = Number(counted?.n ?? 0);
    const rows = total > offset ? await this.ds.query<ProductCard[]>(page.sql, page.params) : [];
    return toPage(rows.map(toProductCard), total, q);
  }

  /**
   * The shopper listing statements (exposed for the EXPLAIN test): only the card columns, visibility as
   * equalities on (status, deleted_at) so one of the listing indexes serves filter and sort.
   */
  async shopperListSql(q: ProductListQuery, offset = 0, limit = 20): Promise<ListingSql> {
    const where = ["p.status = 'on_sale'", 'p.deleted_at IS NULL'];
    const params: unknown[] = [];
    if (q.categoryId !== undefined) {
      const ids = await this.categories.withChildren(this.ds.manager, q.categoryId);
      if (ids.length === 0) where.push('1 = 0');
      else {
        where.push(ids.length === 1 ? 'p.category_id = ?' : `p.category_id IN (${ids.map(() => '?').join(', ')})`);
        params.push(...ids);
      }
    }
    if (q.keyword) {
      const pattern = containsPattern(q.keyword);
      where.push("(p.title LIKE ? ESCAPE '!' OR p.subtitle LIKE ? ESCAPE '!')");
      params.push(pattern, pattern);
    }
    const from = `FROM product p WHERE ${where.join(' AND ')}`;
    return {
      page: {
        sql: `SELECT ${CARD_SELECT} ${from} ORDER BY ${SORTS[q.sort ?? 'default']} LIMIT ? OFFSET ?`,
        params: [...params, limit, offset],
      },
      count: { sql: `SELECT COUNT(*) AS n ${from}`, params },
    };
  }

  /** Product page: three queries whatever the number of SKUs (product, specs, enabled SKUs). */
  async shopperDetail(id: number): Promise<ShopperProductView> {
    const [product] = await this.ds.query<ProductDetailRow[]>(
      'SELECT id, category_id AS categoryId, title, subtitle, main_image AS mainImage, images, detail_images AS detailImages, ' +
        'min_price AS minPrice, max_price AS maxPrice, line_price AS linePrice, sales_count AS salesCount, ' +
        'limit_per_order AS limitPerOrder, limit_per_user AS limitPerUser ' +
        "FROM product WHERE id = ? AND status = 'on_sale' AND deleted_at IS NULL",
      [id],
    );
    if (!product) throw CatalogErrors.productNotFound();
    const specs = await this.ds.query<SpecRow[]>('SELECT id, name, `values`, sort FROM product_spec WHERE product_id = ?', [id]);
    const skus = await this.ds.query<SkuRow[]>(
      'SELECT id, spec_values AS specValues, spec_text AS specText, price, line_price AS linePrice, stock, ' +
        "sales_count AS salesCount, image, sort FROM sku WHERE product_id = ? AND status = 'enabled'",
      [id],
    );
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

type Json<T, K extends keyof T> = Omit<T, K> & { [P in K]: string };
type ProductDetailRow = Json<ShopperProductSource, 'images' | 'detailImages'>;
type SpecRow = Json<ShopperSpecSource, 'values'>;
type SkuRow = Json<ShopperSkuSource, 'specValues'>;

/** simple-json columns arrive as text from both drivers. */
function parseList(text: string): string[] {
  return JSON.parse(text) as string[];
}
