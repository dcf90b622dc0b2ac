import type { Body, Ok, Query } from './api-types';
import type { WxmallClient } from './client';

export type AfterSaleReasons = Ok<'/api/v1/after-sales/reasons', 'get'>;
export type RefundablePreview = Ok<'/api/v1/after-sales/preview', 'get'>;
export type AfterSaleQuoteRequest = Body<'/api/v1/after-sales/quote', 'post'>;
export type AfterSaleQuote = Ok<'/api/v1/after-sales/quote', 'post'>;
export type AfterSaleApplication = Body<'/api/v1/after-sales', 'post'>;
export type AfterSale = Ok<'/api/v1/after-sales/{id}', 'get'>;
export type AfterSalePage = Ok<'/api/v1/after-sales', 'get'>;
export type AfterSaleQuery = Query<'/api/v1/after-sales', 'get'>;
export type ReturnShipment = Body<'/api/v1/after-sales/{id}/return-shipment', 'post'>;

/** Refund and return requests. */
export function afterSalesApi(c: WxmallClient) {
  return {
    /** The reasons a buyer picks from (public). */
    reasons: (): Promise<AfterSaleReasons> => c.call('get', '/api/v1/after-sales/reasons', { auth: false }),
    /** Per item of an order: what can still be refunded, the types allowed now. */
    preview: (orderId: number): Promise<RefundablePreview> => c.call('get', '/api/v1/after-sales/preview', { query: { orderId } }),
    /** The exact refund a request would get. */
    quote: (body: AfterSaleQuoteRequest): Promise<AfterSaleQuote> => c.call('post', '/api/v1/after-sales/quote', { body }),
    apply: (body: AfterSaleApplication): Promise<Ok<'/api/v1/after-sales', 'post'>> => c.call('post', '/api/v1/after-sales', { body }),
    list: (query: AfterSaleQuery = {}): Promise<AfterSalePage> => c.call('get', '/api/v1/after-sales', { query }),
    get: (id: number): Promise<AfterSale> => c.call('get', '/api/v1/after-sales/{id}', { params: { id } }),
    /** Withdraws a request (while the shop has not decided, or before the goods are sent back). */
    cancel: (id: number): Promise<Ok<'/api/v1/after-sales/{id}/cancel', 'post'>> =>
      c.call('post', '/api/v1/after-sales/{id}/cancel', { params: { id } }),
    /** The buyer sent the goods back: carrier code and tracking number. */
    returnShipment: (id: number, body: ReturnShipment): Promise<Ok<'/api/v1/after-sales/{id}/return-shipment', 'post'>> =>
      c.call('post', '/api/v1/after-sales/{id}/return-shipment', { params: { id }, body }),
  };
}
