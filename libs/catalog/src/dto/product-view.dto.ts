import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@app/common';
import type { ProductStatus } from '../product.entity';

/** The columns of a product listing card (shopper lists and home sections). */
export class ProductCard {
  id!: number;
  title!: string;
  mainImage!: string;
  /** Lowest and highest price of the enabled SKUs, fen. */
  minPrice!: number;
  maxPrice!: number;
  /** The crossed-out "was" price, fen. */
  linePrice!: number | null;
  salesCount!: number;
}

export const TOTAL_SOURCES = ['counted', 'cached'] as const;

export class ProductCardPage extends PageOf(ProductCard) {
  /**
   * How `total` was obtained: `counted` by this request, or `cached`: counted by an earlier request for the same
   * filters since the last catalog change on any instance (at most CATALOG_CACHE_MAX_AGE_MS old; products sold out
   * or put on sale change the catalog version).
   */
  @ApiProperty({ enum: TOTAL_SOURCES })
  totalSource!: (typeof TOTAL_SOURCES)[number];

  /** Pass as `cursor` (with the same filters and sort) for the next page; null on the last page and for searches. */
  nextCursor!: string | null;
}

export class SpecView {
  name!: string;
  values!: string[];
}

export class SkuView {
  id!: number;
  /** One value per spec, in the specs' order. */
  specValues!: string[];
  specText!: string;
  price!: number;
  linePrice!: number | null;
  stock!: number;
  salesCount!: number;
  /** The SKU's own image; null = use the product's mainImage. */
  image!: string | null;
}

export class AdminSkuView extends SkuView {
  code!: string;
}

export class AdminProductListItem {
  id!: number;
  categoryId!: number;
  title!: string;
  mainImage!: string;
  status!: ProductStatus;
  minPrice!: number;
  maxPrice!: number;
  linePrice!: number | null;
  salesCount!: number;
  createdAt!: string;
  updatedAt!: string;
}

export class AdminProductPage extends PageOf(AdminProductListItem) {}

/** The admin document: what POST/PATCH accept, echoed with ids, plus derived and read-only fields. */
export class AdminProductView extends AdminProductListItem {
  subtitle!: string;
  limitPerOrder!: number | null;
  limitPerUser!: number | null;
  images!: string[];
  detailImages!: string[];
  specs!: SpecView[];
  /** Enabled SKUs in the order sent. */
  skus!: AdminSkuView[];
  /** SKUs left out of an edit: kept (with their stock) so they can be re-enabled by sending their id again. */
  disabledSkus!: AdminSkuView[];
}

export class ShopperSkuView extends SkuView {
  /** In stock now (only enabled SKUs are listed). */
  available!: boolean;
}

export class ShopperProductView extends ProductCard {
  categoryId!: number;
  subtitle!: string;
  images!: string[];
  detailImages!: string[];
  /** Total stock of the listed SKUs. */
  stock!: number;
  /** Purchase limits (null = none): units per order, and per shopper over their live orders. */
  limitPerOrder!: number | null;
  limitPerUser!: number | null;
  specs!: SpecView[];
  skus!: ShopperSkuView[];
}
