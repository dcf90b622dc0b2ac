export { ReviewsModule } from './reviews.module';
export type { ReviewModeration, ReviewStatus } from './review-state';
export type { ReviewSummaryView, PublicReviewView, MyReviewView } from './dto/review.mappers';
