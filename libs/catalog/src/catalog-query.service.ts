import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { select, type Sql } from '@app/database';
import { CatalogErrors } from './catalog.errors';
import { ENABLED_SKUS, PRODUCT_LISTING, PRODUCT_SPECS, SHOPPER_PRODUCT } from './catalog.sql';
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
import type { AdminProductListQuery, ProductListQuery } from './dto/product-query.dto';
import { ProductSpec } from './product-spec.entity';
import { Product } from './product.entity';
import { Sku } from './sku.entity';

export interface ListingSql {
  page: { sql: Sql<ProductCard>; params: unknown[] };
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
  ) {}

  // Shopper reads are the hottest routes: plain SQL (portable to the embedded driver) skips the query builder
  // and entity hydration, which cost more CPU than MySQL spends answering them.
  async shopperList(q: ProductListQuery): Promise<Page<ProductCard>> {
    const { offset, pageSize } = pageParams(q);
    const { page, count } = await this.shopperListSql(q, offset, pageSize);
    const [counted] = await select(this.ds.manager, count.sql, count.params);
    const total = Number(counted?.n ?? 0);
    const rows = total > offset ? await select(this.ds.manager, page.sql, page.params) : [];
    return toPage(rows.map(toProductCard), total, q);
  }

  /**
   * The shopper listing statements (exposed for the EXPLAIN test): only the card columns, visibility as
   * equalities on (status, deleted_at) so one of the listing indexes serves filter and sort.
   */
  async shopperListSql(q: ProductListQuery, offset = 0, limit = 20): Promise<ListingSql> {
    const params: unknown[] = [];
    let categories: number | null = null;
    if (q.categoryId !== undefined) {
      const ids = await this.categories.withChildren(this.ds.manager, q.categoryId);
      categories = ids.length;
      params.push(...ids);
    }
    if (q.keyword) {
      const pattern = containsPattern(q.keyword);
      params.push(pattern, pattern);
    }
    const { page, count } = PRODUCT_LISTING({ categories, keyword: Boolean(q.keyword), sort: q.sort ?? 'default' });
    return { page: { sql: page, params: [...params, limit, offset] }, count: { sql: count, params } };
  }

  /** Product page: three queries whatever the number of SKUs (product, specs, enabled SKUs). */
  async shopperDetail(id: number): Promise<ShopperProductView> {
    const [product] = await select(this.ds.manager, SHOPPER_PRODUCT, [id]);
    if (!product) throw CatalogErrors.productNotFound();
    const specs = await select(this.ds.manager, PRODUCT_SPECS, [id]);
    const skus = await select(this.ds.manager, ENABLED_SKUS, [id]);
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
