export { ReviewsModule } from './reviews.module';
export { ReviewReads } from './review-reads';
export { REVIEW_MODERATIONS, REVIEW_STATUSES, type ReviewModeration, type ReviewStatus } from './review-state';
export { REVIEW_TARGET, FOLLOW_UP_TARGET } from './review-visibility';
export type { ReviewSummaryView, PublicReviewView, MyReviewView } from './dto/review.mappers';
