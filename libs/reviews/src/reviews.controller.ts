import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, CommonErrors, IdPipe, PageQuery } from '@app/common';
import { CreateReviewDto, FollowUpDto } from './dto/review.dto';
import type { AwaitingReviewPage, MyReviewPage, MyReviewView } from './dto/review-view.dto';
import { ReviewsErrors } from './reviews.errors';
import { ReviewsService } from './reviews.service';

@ApiTags('reviews')
@Controller('reviews')
@ShopperAuth()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /**
   * Review an item of a completed order (once per item, within REVIEW_DAYS of completion).
   * @remarks The text is checked by WeChat first (risky: 400 CONTENT_RISKY); images are checked asynchronously. The
   * review is public once every check passed (`status` published); `pending` while checks run, `held` for the shop.
   */
  @Post()
  @ApiOperation({ operationId: 'createReview' })
  @ApiErrors(
    ReviewsErrors.itemNotFound,
    ReviewsErrors.notAllowed,
    ReviewsErrors.windowClosed,
    ReviewsErrors.alreadyReviewed,
    CommonErrors.contentRisky,
  )
  create(@CurrentUser() user: ShopperIdentity, @Body() dto: CreateReviewDto): Promise<MyReviewView> {
    return this.reviews.create(user.userId, dto);
  }

  /** The shopper's reviews, newest first, with their status. */
  @Get('mine')
  @ApiOperation({ operationId: 'listMyReviews' })
  mine(@CurrentUser() user: ShopperIdentity, @Query() q: PageQuery): Promise<MyReviewPage> {
    return this.reviews.mine(user.userId, q);
  }

  /** Items of completed orders still waiting for a review (`total` is the user center's "to review" count). */
  @Get('awaiting')
  @ApiOperation({ operationId: 'listAwaitingReviews' })
  awaiting(@CurrentUser() user: ShopperIdentity, @Query() q: PageQuery): Promise<AwaitingReviewPage> {
    return this.reviews.awaiting(user.userId, q);
  }

  /** One of the shopper's reviews. */
  @Get(':id')
  @ApiOperation({ operationId: 'getMyReview' })
  @ApiErrors(ReviewsErrors.notFound)
  get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<MyReviewView> {
    return this.reviews.get(user.userId, id);
  }

  /** The one follow-up (追评) of one of the shopper's reviews, checked like the review. */
  @Post(':id/follow-up')
  @HttpCode(200)
  @ApiOperation({ operationId: 'followUpReview' })
  @ApiErrors(
    ReviewsErrors.notFound,
    ReviewsErrors.followUpExists,
    ReviewsErrors.windowClosed,
    ReviewsErrors.notAllowed,
    CommonErrors.contentRisky,
  )
  followUp(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number, @Body() dto: FollowUpDto): Promise<MyReviewView> {
    return this.reviews.followUp(user.userId, id, dto);
  }
}
