import type { Ok, Query } from './api-types';
import type { WxmallClient } from './client';

export type Order = Ok<'/api/v1/orders/{id}', 'get'>;
export type OrderPage = Ok<'/api/v1/orders', 'get'>;
export type OrderQuery = Query<'/api/v1/orders', 'get'>;
export type OrderCounts = Ok<'/api/v1/orders/counts', 'get'>;

/** The shopper's orders (creating one: `checkout.createOrder`; paying: `payments.pay`). */
export function ordersApi(c: WxmallClient) {
  return {
    /** Own orders, newest first (`status`, `page`, `pageSize`). */
    list: (query: OrderQuery = {}): Promise<OrderPage> => c.call('get', '/api/v1/orders', { query }),
    /** Number of own orders per status (user center badges). */
    counts: (): Promise<OrderCounts> => c.call('get', '/api/v1/orders/counts'),
    /** Items, amounts, `payExpiresAt`, and `actions`: the buttons the shopper may press now. */
    get: (id: number): Promise<Order> => c.call('get', '/api/v1/orders/{id}', { params: { id } }),
    /** Cancels an unpaid order. */
    cancel: (id: number): Promise<Ok<'/api/v1/orders/{id}/cancel', 'post'>> =>
      c.call('post', '/api/v1/orders/{id}/cancel', { params: { id } }),
    /** Shipped -> completed. */
    confirmReceipt: (id: number): Promise<Ok<'/api/v1/orders/{id}/confirm-receipt', 'post'>> =>
      c.call('post', '/api/v1/orders/{id}/confirm-receipt', { params: { id } }),
  };
}
