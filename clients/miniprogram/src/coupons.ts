import type { Ok, Query } from './api-types';
import type { WxmallClient } from './client';

export type CouponPage = Ok<'/api/v1/coupons', 'get'>;
export type CouponListQuery = Query<'/api/v1/coupons', 'get'>;
export type Coupon = Ok<'/api/v1/coupons/{id}', 'get'>;
export type ClaimableCouponList = Ok<'/api/v1/coupons/claimable', 'get'>;
export type ClaimableCouponQuery = Query<'/api/v1/coupons/claimable', 'get'>;

/** The shopper's coupons: what can be claimed (product page, cart), claiming, and their own by state. */
export function couponsApi(c: WxmallClient) {
  return {
    /** Own coupons in one state: `usable` (default; expiring first), `used` or `expired` (also revoked ones). */
    list: (query: CouponListQuery = {}): Promise<CouponPage> => c.call('get', '/api/v1/coupons', { query }),
    get: (id: number): Promise<Coupon> => c.call('get', '/api/v1/coupons/{id}', { params: { id } }),
    /**
     * Coupons the shopper can claim now: `{productId}` those for one product (its page), `{productIds: [...]}` those for
     * any of them (the cart), neither: all; `claimed` says how many the shopper holds (of `perUserLimit`).
     */
    claimable: (query: ClaimableCouponQuery = {}): Promise<ClaimableCouponList> => c.call('get', '/api/v1/coupons/claimable', { query }),
    /** Claims one coupon of a template (409 COUPON_SOLD_OUT, COUPON_CLAIM_LIMIT, COUPON_NOT_CLAIMABLE). */
    claim: (templateId: number): Promise<Ok<'/api/v1/coupons/claim', 'post'>> =>
      c.call('post', '/api/v1/coupons/claim', { body: { templateId } }),
  };
}
