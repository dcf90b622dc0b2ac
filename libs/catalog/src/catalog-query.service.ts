import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, IsNull, type SelectQueryBuilder } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CategoriesService } from './categories.service';
import {
  type AdminProductListItem,
  type AdminProductView,
  PRODUCT_CARD_COLUMNS,
  type ProductCard,
  type ShopperProductView,
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
const SORTS: Record<ProductSort, [string, 'ASC' | 'DESC'][]> = {
  default: [
    ['p.createdAt', 'DESC'],
    ['p.id', 'DESC'],
  ],
  newest: [
    ['p.createdAt', 'DESC'],
    ['p.id', 'DESC'],
  ],
  sales: [
    ['p.salesCount', 'DESC'],
    ['p.id', 'DESC'],
  ],
  price_asc: [
    ['p.minPrice', 'ASC'],
    ['p.id', 'ASC'],
  ],
  price_desc: [
    ['p.minPrice', 'DESC'],
    ['p.id', 'DESC'],
  ],
};

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

  async shopperList(q: ProductListQuery): Promise<Page<ProductCard>> {
    const { offset, pageSize } = pageParams(q);
    const qb = await this.shopperListQuery(q);
    const total = await qb.getCount();
    const rows = total > offset ? await qb.offset(offset).limit(pageSize).getMany() : [];
    return toPage(rows.map(toProductCard), total, q);
  }

  /**
   * The shopper listing query (exposed for the EXPLAIN test): only the card columns, visibility as equalities
   * on (status, deleted_at) so one of the listing indexes serves filter and sort.
   */
  async shopperListQuery(q: ProductListQuery): Promise<SelectQueryBuilder<Product>> {
    const qb = this.ds
      .getRepository(Product)
      .createQueryBuilder('p')
      .select(PRODUCT_CARD_COLUMNS.map((c) => `p.${c}`))
      .where('p.status = :onSale AND p.deletedAt IS NULL', { onSale: 'on_sale' });
    await this.filter(qb, q);
    for (const [i, [column, dir]] of SORTS[q.sort ?? 'default'].entries()) {
      if (i === 0) qb.orderBy(column, dir);
      else qb.addOrderBy(column, dir);
    }
    return qb;
  }

  /** Product page: three queries whatever the number of SKUs (product, specs, enabled SKUs). */
  async shopperDetail(id: number): Promise<ShopperProductView> {
    const product = await this.ds.getRepository(Product).findOne({ where: { id, status: 'on_sale', deletedAt: IsNull() } });
    if (!product) throw CatalogErrors.productNotFound();
    const specs = await this.ds.getRepository(ProductSpec).find({ where: { productId: id } });
    const skus = await this.ds.getRepository(Sku).find({ where: { productId: id, status: 'enabled' } });
    return toShopperProductView(product, specs, skus);
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
