import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { IsId, IsImageRef, IsQueryId, IsQueryInt, IsText, Optional, PageQuery, TimeRangePageQuery } from '@app/common';
import { REVIEW_STATUSES, type ReviewStatus } from '../review-state';

export class CreateReviewDto {
  /** The order item reviewed (an item of one of the buyer's completed orders). */
  @IsId()
  orderItemId!: number;

  /** 1-5 stars. */
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @Optional()
  @IsText(0, 500)
  content?: string;

  /** Photos: cloud:// file ids, or https URLs on the shop's allowed image hosts; at most 9. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsImageRef({ each: true })
  images?: string[];

  /** Show the review without the buyer's nickname and avatar. */
  @Optional()
  @IsBoolean()
  anonymous?: boolean;
}

export class FollowUpDto {
  @IsText(1, 500)
  content!: string;

  @Optional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsImageRef({ each: true })
  images?: string[];
}

export const REVIEW_FILTERS = ['all', 'images', 'good', 'medium', 'bad'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export class ProductReviewsQuery extends PageQuery {
  /** all; images: with photos; good: 4-5 stars; medium: 3; bad: 1-2. */
  @Optional()
  @IsIn(REVIEW_FILTERS)
  filter?: ReviewFilter;
}

/** `from`/`to`: created in [from, to) (TimeRangePageQuery). */
export class AdminReviewsQuery extends TimeRangePageQuery {
  @IsQueryId()
  productId?: number;

  @IsQueryId()
  userId?: number;

  @IsQueryInt(1, 5)
  rating?: number;

  @Optional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  /** Words in the review text. */
  @Optional()
  @IsText(1, 50)
  keyword?: string;
}

/** Why an operator acts (kept in the review's history). */
export class ReviewReasonDto {
  @IsText(1, 200)
  reason!: string;
}

export class ModerateReviewDto extends ReviewReasonDto {
  /** The review itself (default) or its follow-up. */
  @Optional()
  @IsIn(['review', 'follow_up'])
  part?: 'review' | 'follow_up';
}

export class ReplyReviewDto {
  /** The shop's answer, shown under the review. */
  @IsText(1, 500)
  content!: string;
}

export class PinReviewDto {
  @IsBoolean()
  pinned!: boolean;

  @Optional()
  @IsText(0, 200)
  reason?: string;
}
