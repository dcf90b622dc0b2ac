import { PageOf } from '@app/common';
import type { ReviewAction, ReviewModeration, ReviewStatus } from '../review-state';

export class ReviewReplyView {
  content!: string;
  repliedAt!: string;
}

export class ReviewFollowUpView {
  content!: string;
  images!: string[];
  createdAt!: string;
}

/** A review as the product page shows it (public reviews only; anonymous ones masked). */
export class PublicReviewView {
  id!: number;
  productId!: number;
  skuId!: number;
  specText!: string;
  rating!: number;
  content!: string;
  images!: string[];
  anonymous!: boolean;
  /** The buyer's nickname at review time; masked when anonymous. */
  nickname!: string;
  /** Empty when anonymous. */
  avatarUrl!: string;
  pinned!: boolean;
  reply!: ReviewReplyView | null;
  /** Shown once it passed content security. */
  followUp!: ReviewFollowUpView | null;
  createdAt!: string;
}

export class PublicReviewPage extends PageOf(PublicReviewView) {}

/** The buyer's own review, with where it stands. */
export class MyReviewView extends PublicReviewView {
  orderId!: number;
  orderItemId!: number;
  /** published; pending (being checked); held (waiting for the shop); rejected (refused by content security or the shop); hidden by the shop. */
  status!: ReviewStatus;
  followUpStatus!: ReviewModeration | null;
}

export class MyReviewPage extends PageOf(MyReviewView) {}

export class ReviewSummaryView {
  productId!: number;
  /** Visible reviews. */
  count!: number;
  /** Average stars, one decimal (0 without reviews). */
  average!: number;
  /** Share of 4-5 star reviews in percent, one decimal. */
  goodRate!: number;
  goodCount!: number;
  mediumCount!: number;
  badCount!: number;
  withImagesCount!: number;
  /** Reviews per star, index 0 = 1 star. */
  ratingCounts!: number[];
}

/** An item of a completed order still waiting for the buyer's review. */
export class AwaitingReviewView {
  orderId!: number;
  orderNo!: string;
  orderItemId!: number;
  productId!: number;
  skuId!: number;
  title!: string;
  specText!: string;
  image!: string;
  /** Reviews are accepted until then. */
  reviewBy!: string;
}

export class AwaitingReviewPage extends PageOf(AwaitingReviewView) {}

export class ReviewEventView {
  action!: ReviewAction;
  /** user, admin or system. */
  actor!: string;
  actorId!: number | null;
  note!: string;
  createdAt!: string;
}

export class AdminReviewView extends MyReviewView {
  userId!: number;
  moderation!: ReviewModeration;
  hidden!: boolean;
  /** The nickname as written, even when anonymous. */
  realNickname!: string;
}

export class AdminReviewPage extends PageOf(AdminReviewView) {}

export class AdminReviewDetail extends AdminReviewView {
  events!: ReviewEventView[];
}
