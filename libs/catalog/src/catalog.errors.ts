import { AppException, CommonErrors, type FieldError } from '@app/common';

export interface ShortSku {
  skuId: number;
  requested: number;
  available: number;
}

export const CatalogErrors = {
  categoryNotFound: (): AppException => CommonErrors.notFound('Category'),
  productNotFound: (): AppException => CommonErrors.notFound('Product'),
  skuNotFound: (): AppException => CommonErrors.notFound('SKU'),
  /** SKU ids a shopper sent that do not exist: 404 like any unknown id (cart and order creation alike). */
  unknownSkus: (skuIds: number[]): AppException => new AppException(404, 'NOT_FOUND', `SKU not found: ${skuIds.join(', ')}`, { skuIds }),
  storeNotFound: (): AppException => CommonErrors.notFound('Store'),
  bannerNotFound: (): AppException => CommonErrors.notFound('Banner'),
  sectionNotFound: (): AppException => CommonErrors.notFound('Home section'),
  invalid: (fields: FieldError[]): AppException => CommonErrors.validation(fields),
  field: (field: string, error: string): AppException => CommonErrors.field(field, error),

  categoryNotEmpty: (children: number, products: number): AppException =>
    new AppException(409, 'CATEGORY_NOT_EMPTY', 'Move or delete its subcategories and products first', { children, products }),
  categoryDepth: (): AppException =>
    new AppException(409, 'CATEGORY_DEPTH_EXCEEDED', 'Categories have two levels: a subcategory cannot have children'),
  categoryHasProducts: (): AppException =>
    new AppException(
      409,
      'CATEGORY_HAS_PRODUCTS',
      'This category holds products directly: move them to a subcategory before adding subcategories',
    ),
  categoryNotLeaf: (): AppException =>
    new AppException(409, 'CATEGORY_NOT_LEAF', 'Products go into a category without subcategories', {
      fields: [{ field: 'categoryId', errors: ['categoryId must be a category without subcategories'] }],
    }),
  productNotSellable: (): AppException =>
    new AppException(409, 'PRODUCT_NOT_SELLABLE', 'A product goes on sale only with at least one enabled SKU'),
  outOfStock: (skus: ShortSku[]): AppException =>
    new AppException(409, 'OUT_OF_STOCK', `Not enough stock for SKU ${skus.map((s) => s.skuId).join(', ')}`, { skus }),
  stockBelowZero: (skuId: number, stock: number, delta: number): AppException =>
    new AppException(409, 'STOCK_BELOW_ZERO', `Stock of SKU ${skuId} cannot go below zero`, { skuId, stock, delta }),
  stockAboveMax: (skuId: number, stock: number, delta: number, max: number): AppException =>
    new AppException(400, 'STOCK_ABOVE_MAX', `Stock of SKU ${skuId} cannot go above ${max}`, { skuId, stock, delta, max }),
};
