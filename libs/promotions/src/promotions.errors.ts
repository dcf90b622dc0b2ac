import { CommonErrors, defineError } from '@app/common';

export const PromotionsErrors = {
  templateNotFound: CommonErrors.notFound.with('Coupon template'),
  couponNotFound: CommonErrors.notFound.with('Coupon'),
  /** The template cannot be claimed now: stopped, operator-issued only, or its window has ended. */
  notClaimable: defineError(409, 'COUPON_NOT_CLAIMABLE', (templateId: number, reason: string) => ({
    message: 'This coupon cannot be claimed now',
    details: { templateId, reason },
  })),
  soldOut: defineError(409, 'COUPON_SOLD_OUT', (templateId: number) => ({
    message: 'All of these coupons have been given out',
    details: { templateId },
  })),
  claimLimit: defineError(409, 'COUPON_CLAIM_LIMIT', (templateId: number, limit: number) => ({
    message: `At most ${limit} of this coupon per shopper`,
    details: { templateId, limit },
  })),
  /** Checkout: the coupon is not the shopper's, used, expired, revoked or does not apply to these lines. */
  notUsable: defineError(409, 'COUPON_NOT_USABLE', (couponId: number, reason: string) => ({
    message: 'This coupon cannot be used for this order',
    details: { couponId, reason },
  })),
  stateConflict: defineError(409, 'COUPON_STATE_CONFLICT', (status: string, action: string) => ({
    message: `The coupon is ${status}: cannot ${action}`,
    details: { status },
  })),
  templateStopped: defineError(409, 'COUPON_TEMPLATE_STOPPED', (templateId: number) => ({
    message: 'This coupon template is stopped',
    details: { templateId },
  })),
  field: CommonErrors.field,
};
