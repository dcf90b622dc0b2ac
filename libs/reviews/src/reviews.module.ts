import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CatalogModule } from '@app/catalog';
import { ModerationModule } from '@app/moderation';
import { OrdersModule } from '@app/orders';
import { AdminReviewsController } from './admin-reviews.controller';
import { AdminReviewsService } from './admin-reviews.service';
import { ProductReviewSummary } from './product-review-summary.entity';
import { ProductReviewsController } from './product-reviews.controller';
import { ReviewEvent } from './review-event.entity';
import { ReviewReads } from './review-reads';
import { ReviewVisibility } from './review-visibility';
import { Review } from './review.entity';
import { ReviewsController } from './reviews.controller';
import { ReviewsService } from './reviews.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Review, ReviewEvent, ProductReviewSummary]),
    AuthModule,
    CatalogModule,
    OrdersModule,
    ModerationModule,
  ],
  controllers: [ReviewsController, ProductReviewsController, AdminReviewsController],
  providers: [ReviewsService, ReviewReads, AdminReviewsService, ReviewVisibility],
  exports: [ReviewReads],
})
export class ReviewsModule {}
