import { Injectable } from '@nestjs/common';
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { select } from '@app/database';
import type { ProductReviewsQuery, ReviewFilter } from './dto/review.dto';
import { toPublicReview, toSummary, type PublicReviewView, type ReviewSummaryView } from './dto/review.mappers';
import { Review } from './review.entity';
import { SUMMARY_OF } from './reviews.sql';

/** Each filter is a prefix of one of the review indexes (product, visible, [grade | has_images], pinned, id). */
const FILTERS: Record<ReviewFilter, FindOptionsWhere<Review>> = {
  all: {},
  images: { hasImages: true },
  good: { grade: 3 },
  medium: { grade: 2 },
  bad: { grade: 1 },
};

/** What the product page shows: the summary (one primary-key read) and the visible reviews, pinned then newest. */
@Injectable()
export class ReviewReads {
  constructor(private readonly ds: DataSource) {}

  async summary(productId: number): Promise<ReviewSummaryView> {
    const [row] = await select(this.ds.manager, SUMMARY_OF, [productId]);
    return toSummary(productId, row ?? null);
  }

  async list(productId: number, q: ProductReviewsQuery): Promise<Page<PublicReviewView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(Review, {
      where: { productId, visible: true, ...FILTERS[q.filter ?? 'all'] },
      order: { pinned: 'DESC', id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toPublicReview), total, q);
  }
}
