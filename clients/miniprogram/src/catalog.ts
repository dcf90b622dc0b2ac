import type { Ok, Query } from './api-types';
import type { WxmallClient } from './client';

export type HomePage = Ok<'/api/v1/home', 'get'>;
export type CategoryTree = Ok<'/api/v1/categories', 'get'>;
export type ProductPage = Ok<'/api/v1/products', 'get'>;
export type ProductQuery = Query<'/api/v1/products', 'get'>;
export type Product = Ok<'/api/v1/products/{id}', 'get'>;
export type StorePage = Ok<'/api/v1/stores', 'get'>;
export type StoreQuery = Query<'/api/v1/stores', 'get'>;

/** The shop window: public, no login needed. */
export function catalogApi(c: WxmallClient) {
  return {
    /** Banners in their time window and sections with their products. */
    home: (): Promise<HomePage> => c.call('get', '/api/v1/home', { auth: false }),
    /** Visible categories as a tree. */
    categories: (): Promise<CategoryTree> => c.call('get', '/api/v1/categories', { auth: false }),
    /** On-sale products (`categoryId`, `keyword`, `minPrice`, `maxPrice`, `sort`, `page`, `pageSize`). */
    products: (query: ProductQuery = {}): Promise<ProductPage> => c.call('get', '/api/v1/products', { query, auth: false }),
    /** A product with specs and SKUs (404 NOT_FOUND when off sale). */
    product: (id: number): Promise<Product> => c.call('get', '/api/v1/products/{id}', { params: { id }, auth: false }),
    /** Stores, nearest first with `lat` and `lng`. */
    stores: (query: StoreQuery = {}): Promise<StorePage> => c.call('get', '/api/v1/stores', { query, auth: false }),
  };
}
