import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { AdminReviewsService } from './admin-reviews.service';
import { AdminReviewsQuery, ModerateReviewDto, PinReviewDto, ReplyReviewDto, ReviewReasonDto } from './dto/review.dto';
import type { AdminReviewDetail, AdminReviewPage } from './dto/review-view.dto';
import { ReviewsErrors } from './reviews.errors';

@ApiTags('admin')
@Controller('admin/reviews')
export class AdminReviewsController {
  constructor(private readonly reviews: AdminReviewsService) {}

  /** Reviews, newest first, by product, buyer, rating, status (held = the moderation queue), date and words. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListReviews' })
  list(@Query() q: AdminReviewsQuery): Promise<AdminReviewPage> {
    return this.reviews.list(q);
  }

  /** One review with its history (who did what, and why). */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetReview' })
  @ApiErrors(ReviewsErrors.notFound)
  get(@Param('id', IdPipe) id: number): Promise<AdminReviewDetail> {
    return this.reviews.get(id);
  }

  /** Hide a review from the product page (it leaves the summary). */
  @Post(':id/hide')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminHideReview' })
  @ApiErrors(ReviewsErrors.notFound)
  hide(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ReviewReasonDto): Promise<AdminReviewDetail> {
    return this.reviews.hide(admin.adminId, id, dto);
  }

  /** Show a hidden review again. */
  @Post(':id/show')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminShowReview' })
  @ApiErrors(ReviewsErrors.notFound)
  show(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ReviewReasonDto): Promise<AdminReviewDetail> {
    return this.reviews.show(admin.adminId, id, dto);
  }

  /** Reply as the shop (shown under the review; a new reply replaces the last). */
  @Post(':id/reply')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminReplyReview' })
  @ApiErrors(ReviewsErrors.notFound)
  reply(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ReplyReviewDto): Promise<AdminReviewDetail> {
    return this.reviews.reply(admin.adminId, id, dto);
  }

  /** Pin a review to the top of its product's list, or unpin it. */
  @Post(':id/pin')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminPinReview' })
  @ApiErrors(ReviewsErrors.notFound)
  pin(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: PinReviewDto): Promise<AdminReviewDetail> {
    return this.reviews.pin(admin.adminId, id, dto);
  }

  /** Approve a held review (or its follow-up): it becomes public. */
  @Post(':id/approve')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminApproveReview' })
  @ApiErrors(ReviewsErrors.notFound, ReviewsErrors.stateConflict)
  approve(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: ModerateReviewDto,
  ): Promise<AdminReviewDetail> {
    return this.reviews.decide(admin.adminId, id, 'approved', dto);
  }

  /** Reject a held review (or its follow-up): it stays off the product page. */
  @Post(':id/reject')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminRejectReview' })
  @ApiErrors(ReviewsErrors.notFound, ReviewsErrors.stateConflict)
  reject(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: ModerateReviewDto,
  ): Promise<AdminReviewDetail> {
    return this.reviews.decide(admin.adminId, id, 'rejected', dto);
  }
}
