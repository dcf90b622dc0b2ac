import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { IdPipe, sendJson } from '@app/common';
import { ProductReviewsQuery } from './dto/review.dto';
import { type PublicReviewPage, ReviewSummaryView } from './dto/review-view.dto';
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
  @ApiOkResponse({ type: ReviewSummaryView })
  async summary(@Param('id', IdPipe) id: number, @Res() reply: FastifyReply): Promise<void> {
    sendJson(reply, await this.reads.summary(id)); // the cached body, as it is
  }
}
