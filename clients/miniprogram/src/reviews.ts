import type { Body, Ok, Query } from './api-types';
import type { WxmallClient } from './client';

export type ReviewRequest = Body<'/api/v1/reviews', 'post'>;
export type MyReview = Ok<'/api/v1/reviews/{id}', 'get'>;
export type MyReviewPage = Ok<'/api/v1/reviews/mine', 'get'>;
export type AwaitingReviewPage = Ok<'/api/v1/reviews/awaiting', 'get'>;
export type FollowUpRequest = Body<'/api/v1/reviews/{id}/follow-up', 'post'>;
export type ProductReviewPage = Ok<'/api/v1/products/{id}/reviews', 'get'>;
export type ProductReviewQuery = Query<'/api/v1/products/{id}/reviews', 'get'>;
export type ReviewSummary = Ok<'/api/v1/products/{id}/reviews/summary', 'get'>;

/** Product reviews: the product page's (public) and the buyer's own. */
export function reviewsApi(c: WxmallClient) {
  return {
    /** A product's public reviews, pinned first then newest; filter all, images, good, medium or bad. */
    ofProduct: (productId: number, query: ProductReviewQuery = {}): Promise<ProductReviewPage> =>
      c.call('get', '/api/v1/products/{id}/reviews', { params: { id: productId }, query, auth: false }),
    /** Count, average, good rate, with-images count and per-rating counts of a product's public reviews. */
    summary: (productId: number): Promise<ReviewSummary> =>
      c.call('get', '/api/v1/products/{id}/reviews/summary', { params: { id: productId }, auth: false }),
    /** Review an item of a completed order (checked by WeChat content security: see `status`). */
    create: (body: ReviewRequest): Promise<Ok<'/api/v1/reviews', 'post'>> => c.call('post', '/api/v1/reviews', { body }),
    followUp: (id: number, body: FollowUpRequest): Promise<MyReview> =>
      c.call('post', '/api/v1/reviews/{id}/follow-up', { params: { id }, body }),
    mine: (query: Query<'/api/v1/reviews/mine', 'get'> = {}): Promise<MyReviewPage> => c.call('get', '/api/v1/reviews/mine', { query }),
    /** Items still waiting for a review (`total` is the "to review" count). */
    awaiting: (query: Query<'/api/v1/reviews/awaiting', 'get'> = {}): Promise<AwaitingReviewPage> =>
      c.call('get', '/api/v1/reviews/awaiting', { query }),
    get: (id: number): Promise<MyReview> => c.call('get', '/api/v1/reviews/{id}', { params: { id } }),
  };
}
