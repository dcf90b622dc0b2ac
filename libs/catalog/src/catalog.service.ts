import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { select } from '@app/database';
import { PRODUCT_CATEGORIES, SKU_SNAPSHOTS } from './catalog.sql';

export type SkuUnavailableReason = 'sku_disabled' | 'off_sale' | 'deleted' | 'not_found';

/**
 * What cart and checkout need to know about one SKU, read live (the cart never stores a price).
 * `available` says whether the SKU can be bought at all; it does not look at stock, which callers compare with
 * the quantity they want (`stock`). For `not_found`, productId is 0, texts are '' and amounts 0.
 */
export interface SkuSnapshot {
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  /** The SKU's image, else the product's main image. */
  image: string;
  price: number;
  linePrice: number | null;
  stock: number;
  /** The product's purchase limits (units per order, per shopper); null = none. */
  limitPerOrder: number | null;
  limitPerUser: number | null;
  /** The product's category and that category's parent (null at the top): what a coupon's category scope matches. */
  categoryIds: number[];
  available: boolean;
  /** Why it cannot be bought; null when available. Precedence: not_found, deleted, off_sale, sku_disabled. */
  unavailableReason: SkuUnavailableReason | null;
}

/** The catalog's read API for other modules (cart, orders). Stable: other teams build on it. */
@Injectable()
export class CatalogService {
  constructor(private readonly ds: DataSource) {}

  /**
   * Snapshots of the given SKUs in ONE query (sku joined with product). Every requested id is in the result.
   * Pass the caller's transaction manager to read inside it (e.g. checkout, right before reserveStock).
   */
  async findSkusForCheckout(manager: EntityManager | undefined, skuIds: readonly number[]): Promise<Map<number, SkuSnapshot>> {
    const out = new Map<number, SkuSnapshot>();
    const ids = [...new Set(skuIds)];
    if (ids.length === 0) return out;
    const rows = await select(manager ?? this.ds.manager, SKU_SNAPSHOTS(ids.length), ids);
    for (const r of rows) {
      const reason: SkuUnavailableReason | null =
        r.deletedAt !== null ? 'deleted' : r.productStatus !== 'on_sale' ? 'off_sale' : r.skuStatus !== 'enabled' ? 'sku_disabled' : null;
      out.set(Number(r.skuId), {
        skuId: Number(r.skuId),
        productId: Number(r.productId),
        title: r.title,
        specText: r.specText,
        image: r.skuImage || r.mainImage,
        price: Number(r.price),
        linePrice: r.linePrice === null ? null : Number(r.linePrice),
        stock: Number(r.stock),
        limitPerOrder: r.limitPerOrder === null ? null : Number(r.limitPerOrder),
        limitPerUser: r.limitPerUser === null ? null : Number(r.limitPerUser),
        categoryIds: categoryIdsOf(r),
        available: reason === null,
        unavailableReason: reason,
      });
    }
    for (const id of ids) {
      if (!out.has(id)) {
        out.set(id, {
          skuId: id,
          productId: 0,
          title: '',
          specText: '',
          image: '',
          price: 0,
          linePrice: null,
          stock: 0,
          limitPerOrder: null,
          limitPerUser: null,
          categoryIds: [],
          available: false,
          unavailableReason: 'not_found',
        });
      }
    }
    return out;
  }

  /** Each product's category ids (its category, then that category's parent): what coupon scopes match. */
  async productCategories(manager: EntityManager | undefined, productIds: readonly number[]): Promise<Map<number, number[]>> {
    const ids = [...new Set(productIds)];
    if (ids.length === 0) return new Map();
    const rows = await select(manager ?? this.ds.manager, PRODUCT_CATEGORIES(ids.length), ids);
    return new Map(rows.map((r) => [Number(r.productId), categoryIdsOf(r)]));
  }
}

function categoryIdsOf(r: { categoryId: number | null; parentCategoryId: number | null }): number[] {
  return [r.categoryId, r.parentCategoryId].filter((c): c is number => c !== null).map(Number);
}
