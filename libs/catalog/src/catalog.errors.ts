import { CommonErrors, defineError, type FieldError } from '@app/common';

export interface ShortSku {
  skuId: number;
  requested: number;
  available: number;
}

export const CatalogErrors = {
  categoryNotFound: CommonErrors.notFound.with('Category'),
  productNotFound: CommonErrors.notFound.with('Product'),
  skuNotFound: CommonErrors.notFound.with('SKU'),
  /** SKU ids a shopper sent that do not exist: 404 like any unknown id (cart and order creation alike). */
  unknownSkus: defineError(404, 'NOT_FOUND', (skuIds: number[]) => ({
    message: `SKU not found: ${skuIds.join(', ')}`,
    details: { skuIds },
  })),
  storeNotFound: CommonErrors.notFound.with('Store'),
  bannerNotFound: CommonErrors.notFound.with('Banner'),
  sectionNotFound: CommonErrors.notFound.with('Home section'),
  invalid: (fields: FieldError[]) => CommonErrors.validation(fields),
  field: (field: string, error: string) => CommonErrors.field(field, error),

  categoryNotEmpty: defineError(409, 'CATEGORY_NOT_EMPTY', (children: number, products: number) => ({
    message: 'Move or delete its subcategories and products first',
    details: { children, products },
  })),
  categoryDepth: defineError(409, 'CATEGORY_DEPTH_EXCEEDED', () => 'Categories have two levels: a subcategory cannot have children'),
  categoryHasProducts: defineError(
    409,
    'CATEGORY_HAS_PRODUCTS',
    () => 'This category holds products directly: move them to a subcategory before adding subcategories',
  ),
  categoryNotLeaf: defineError(409, 'CATEGORY_NOT_LEAF', () => ({
    message: 'Products go into a category without subcategories',
    details: { fields: [{ field: 'categoryId', errors: ['categoryId must be a category without subcategories'] }] },
  })),
  productNotSellable: defineError(409, 'PRODUCT_NOT_SELLABLE', () => 'A product goes on sale only with at least one enabled SKU'),
  outOfStock: defineError(409, 'OUT_OF_STOCK', (skus: ShortSku[]) => ({
    message: `Not enough stock for SKU ${skus.map((s) => s.skuId).join(', ')}`,
    details: { skus },
  })),
  stockBelowZero: defineError(409, 'STOCK_BELOW_ZERO', (skuId: number, stock: number, delta: number) => ({
    message: `Stock of SKU ${skuId} cannot go below zero`,
    details: { skuId, stock, delta },
  })),
  stockAboveMax: defineError(400, 'STOCK_ABOVE_MAX', (skuId: number, stock: number, delta: number, max: number) => ({
    message: `Stock of SKU ${skuId} cannot go above ${max}`,
    details: { skuId, stock, delta, max },
  })),
};
