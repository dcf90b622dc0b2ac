import type { Body, Ok } from './api-types';
import type { StorePage, StoreQuery } from './catalog';
import type { WxmallClient } from './client';
import { WxmallError } from './errors';
import { newIdempotencyKey } from './idempotency-key';

export type CheckoutRequest = Body<'/api/v1/checkout/preview', 'post'>;
export type CheckoutPreview = Ok<'/api/v1/checkout/preview', 'post'>;
export type NewOrder = Body<'/api/v1/orders', 'post'>;
export type CreatedOrder = Ok<'/api/v1/orders', 'post'>;
export type PickupStore = StorePage['items'][number];

export interface CreateOrderOptions {
  /**
   * The attempt's key. Default: a new key per attempt, kept while the attempt's outcome is unknown (no answer,
   * 5xx), so that submitting the same body again repeats that attempt and gets its order instead of a second one.
   */
  idempotencyKey?: string;
}

/** From lines to an order: the preview the confirm page shows, and the order itself. */
export function checkoutApi(c: WxmallClient) {
  // Order attempts whose outcome is unknown, by request body: submitting it again reuses the attempt's key.
  const unsettled = new Map<string, string>();

  return {
    /**
     * Prices lines (`items`, or `fromCart: true`) with per-line problems and whether ordering would be refused now.
     * Coupons: `coupons` lists the shopper's with the discount each gives on these lines; `couponId` absent applies the
     * best one, `null` none, an id that one. Pick-up: `deliveryMode: 'pickup'` with `pickupStoreId` (no shipping fee).
     */
    preview: (body: CheckoutRequest): Promise<CheckoutPreview> => c.call('post', '/api/v1/checkout/preview', { body }),

    /** The stores orders can be collected at (`pickupEnabled`), nearest first with `lat` and `lng`. */
    async pickupStores(query: Pick<StoreQuery, 'lat' | 'lng'> = {}): Promise<PickupStore[]> {
      const page: StorePage = await c.call('get', '/api/v1/stores', { query: { ...query, pageSize: 100 }, auth: false });
      const stores: PickupStore[] = page.items;
      return stores.filter((s) => s.pickupEnabled);
    },

    /**
     * Creates the order and reserves its stock (POST /orders with an Idempotency-Key): a lost answer is retried with
     * the same key, and so is a repeated submission of the same body while the first one's outcome is unknown.
     */
    async createOrder(body: NewOrder, options: CreateOrderOptions = {}): Promise<CreatedOrder> {
      const attempt = JSON.stringify(body);
      const key = options.idempotencyKey ?? unsettled.get(attempt) ?? newIdempotencyKey();
      unsettled.set(attempt, key);
      try {
        const order = await c.call('post', '/api/v1/orders', { body, headers: { 'Idempotency-Key': key }, idempotent: true });
        unsettled.delete(attempt);
        return order;
      } catch (err) {
        // A refusal (4xx) created nothing: the next submission is a new attempt. Otherwise the order may exist.
        if (err instanceof WxmallError && err.status >= 400 && err.status < 500) unsettled.delete(attempt);
        throw err;
      }
    },
  };
}
