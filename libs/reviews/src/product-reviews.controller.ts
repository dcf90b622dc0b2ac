import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { IdPipe } from '@app/common';
import { ProductReviewsQuery } from './dto/review.dto';
import type { PublicReviewPage, ReviewSummaryView } from './dto/review-view.dto';
import { ReviewReads } from './review-reads';

@ApiTags('reviews')
@Controller('products')
@Public()
export class ProductReviewsController {
  constructor(private readonly reads: ReviewReads) {}

  /** A product's public reviews, pinned first then newest, by filter (all, images, good, medium, bad). */
  @Get(':id/reviews')
  @ApiOperation({ operationId: 'listProductReviews' })
  list(@Param('id', IdPipe) id: number, @Query() q: ProductReviewsQuery): Promise<PublicReviewPage> {
    return this.reads.list(id, q);
  }

  /** A product's review summary: count, average, good rate, with-images count, per-rating counts (public reviews). */
  @Get(':id/reviews/summary')
  @ApiOperation({ operationId: 'getProductReviewSummary' })
  summary(@Param('id', IdPipe) id: number): Promise<ReviewSummaryView> {
    return this.reads.summary(id);
  }
}
