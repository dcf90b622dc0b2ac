import { Injectable } from '@nestjs/common';
import type { FindOptionsWhere } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { CatalogCache } from '@app/catalog';
import { ReadReplicas, select } from '@app/database';
import type { ProductReviewsQuery, ReviewFilter } from './dto/review.dto';
import { toPublicReview, toSummary, type PublicReviewView } from './dto/review.mappers';
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

/**
 * What the product page shows: the summary (one primary-key read) and the visible reviews, pinned then newest. Read
 * from a read replica when there is one: a new or hidden review may show a moment late, as it does after moderation.
 * The summary, fetched beside every product page, is kept in the catalog's read cache under the `reviews` scope, whose
 * version every change of the summary bumps (ReviewVisibility.addToSummary): it shows on every instance within
 * CATALOG_CACHE_CHECK_MS of the commit (at once with Redis).
 */
@Injectable()
export class ReviewReads {
  constructor(
    private readonly replicas: ReadReplicas,
    private readonly cache: CatalogCache,
  ) {}

  /** The JSON body of the product's `ReviewSummaryView`. */
  summary(productId: number): Promise<Buffer> {
    return this.cache.body(
      `summary:${productId}`,
      async () => {
        const [row] = await this.replicas.read((m) => select(m, SUMMARY_OF, [productId]));
        return toSummary(productId, row ?? null);
      },
      'reviews',
    );
  }

  async list(productId: number, q: ProductReviewsQuery): Promise<Page<PublicReviewView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.replicas.read((m) =>
      m.findAndCount(Review, {
        where: { productId, visible: true, ...FILTERS[q.filter ?? 'all'] },
        order: { pinned: 'DESC', id: 'DESC' },
        skip: offset,
        take: pageSize,
      }),
    );
    return toPage(rows.map(toPublicReview), total, q);
  }
}
