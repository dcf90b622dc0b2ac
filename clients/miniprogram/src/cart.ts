import type { Body, Ok } from './api-types';
import type { WxmallClient } from './client';

export type Cart = Ok<'/api/v1/cart', 'get'>;
export type AddCartItem = Body<'/api/v1/cart/items', 'post'>;
export type UpdateCartItem = Body<'/api/v1/cart/items/{id}', 'patch'>;
export type SelectCartItems = Body<'/api/v1/cart/select', 'post'>;

/** The shopper's cart; every change answers the whole cart again (live prices, stock, totals). */
export function cartApi(c: WxmallClient) {
  return {
    get: (): Promise<Cart> => c.call('get', '/api/v1/cart'),
    /** Adds a SKU (merges with its line). */
    add: (body: AddCartItem): Promise<Ok<'/api/v1/cart/items', 'post'>> => c.call('post', '/api/v1/cart/items', { body }),
    /** Changes a line's quantity and/or selection. */
    update: (id: number, body: UpdateCartItem): Promise<Ok<'/api/v1/cart/items/{id}', 'patch'>> =>
      c.call('patch', '/api/v1/cart/items/{id}', { params: { id }, body }),
    remove: async (id: number): Promise<void> => {
      await c.call('delete', '/api/v1/cart/items/{id}', { params: { id } });
    },
    /** Selects or unselects all lines, or the given `itemIds`. */
    select: (body: SelectCartItems): Promise<Ok<'/api/v1/cart/select', 'post'>> => c.call('post', '/api/v1/cart/select', { body }),
  };
}
