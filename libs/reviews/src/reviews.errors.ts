import { CommonErrors, defineError } from '@app/common';

export const ReviewsErrors = {
  notFound: CommonErrors.notFound.with('Review'),
  itemNotFound: CommonErrors.notFound.with('Order item'),
  notAllowed: defineError(409, 'REVIEW_NOT_ALLOWED', (why: string) => why),
  windowClosed: defineError(409, 'REVIEW_WINDOW_CLOSED', (days: number) => ({
    message: `Reviews are accepted until ${days} days after the order is completed`,
    details: { days },
  })),
  alreadyReviewed: defineError(409, 'REVIEW_EXISTS', (reviewId?: number) => ({
    message: 'This item has already been reviewed',
    details: reviewId ? { reviewId } : undefined,
  })),
  followUpExists: defineError(409, 'REVIEW_FOLLOW_UP_EXISTS', () => 'This review already has its follow-up'),
  stateConflict: defineError(409, 'REVIEW_STATE_CONFLICT', (state: string, action: string) => ({
    message: `The review is ${state}: cannot ${action}`,
    details: { state },
  })),
  image: (index: number, why: string) => CommonErrors.field(`images.${index}`, `images.${index} ${why}`),
};
