import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { bumpCatalogVersion } from '@app/catalog';
import { Clock } from '@app/common';
import { dbDateTime, execute, writeLock } from '@app/database';
import { type ContentTarget, ModerationService } from '@app/moderation';
import { WebhookEvents } from '@app/webhooks';
import { toAdminReview } from './dto/review.mappers';
import { ProductReviewSummary } from './product-review-summary.entity';
import { ReviewEvent } from './review-event.entity';
import {
  isPublished,
  MODERATION_BY_VERDICT,
  type ReviewAction,
  type ReviewActor,
  type ReviewModeration,
  reviewModeration,
} from './review-state';
import { Review } from './review.entity';
import { FOLLOW_UP_STEP, REVIEW_STEP, SUMMARY_ADD } from './reviews.sql';

export const REVIEW_TARGET = 'review';
export const FOLLOW_UP_TARGET = 'review_follow_up';

export interface Who {
  actor: ReviewActor;
  actorId: number | null;
  note: string;
}

/**
 * Every change of a review's moderation or hidden flag goes through here: the audit row, the conditional update of
 * the review (its visibility derived), and, when visibility flips, the product summary's atomic increment and the
 * cached summaries' version, last.
 */
@Injectable()
export class ReviewVisibility implements OnModuleInit {
  constructor(
    private readonly moderation: ModerationService,
    private readonly webhooks: WebhookEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.moderation.onVerdict(REVIEW_TARGET, (m, t) => this.recheck(m, t));
    this.moderation.onVerdict(FOLLOW_UP_TARGET, (m, t) => this.recheckFollowUp(m, t));
  }

  lock(m: EntityManager, id: number): Promise<Review | null> {
    return m.findOne(Review, { where: { id }, ...writeLock(m) });
  }

  /** Moves the review to what its content checks say, if the table lets the system do so (operator decisions stay). */
  async recheck(m: EntityManager, target: ContentTarget): Promise<void> {
    const review = await this.lock(m, target.id);
    if (!review) return;
    const to = MODERATION_BY_VERDICT[await this.moderation.verdictOf(m, target)];
    if (to === review.moderation || !reviewModeration.allows('system', review.moderation, to)) return;
    await this.change(m, review, { moderation: to }, 'moderation', {
      actor: 'system',
      actorId: null,
      note: `${review.moderation} -> ${to}`,
    });
  }

  async recheckFollowUp(m: EntityManager, target: ContentTarget): Promise<void> {
    const review = await this.lock(m, target.id);
    if (!review?.followUpModeration) return;
    const to = MODERATION_BY_VERDICT[await this.moderation.verdictOf(m, target)];
    if (to === review.followUpModeration || !reviewModeration.allows('system', review.followUpModeration, to)) return;
    await this.changeFollowUp(m, review, to, { actor: 'system', actorId: null, note: `follow-up ${review.followUpModeration} -> ${to}` });
  }

  /** Writes the audit row, the review's new state and (last, the hot row) the summary when visibility changes. */
  async change(
    m: EntityManager,
    review: Review,
    next: { moderation?: ReviewModeration; hidden?: boolean },
    action: ReviewAction,
    who: Who,
  ): Promise<boolean> {
    const moderation = next.moderation ?? review.moderation;
    const hidden = next.hidden ?? review.hidden;
    if (moderation !== review.moderation) reviewModeration.assertAllowed(who.actor, review.moderation, moderation, `review ${review.id}`);
    const visible = isPublished(moderation) && !hidden;
    const now = this.clock.now();
    const changed = await execute(m, REVIEW_STEP, [
      moderation,
      hidden,
      visible,
      dbDateTime(m, now),
      review.id,
      review.moderation,
      review.hidden,
    ]);
    if (changed === 0) return false;
    await this.record(m, review.id, action, who);
    const published = visible && !review.visible;
    if (visible !== review.visible) await this.addToSummary(m, review, visible ? 1 : -1);
    Object.assign(review, { moderation, hidden, visible, updatedAt: now });
    if (published) await this.webhooks.emit(m, 'review.published', `review:${review.id}`, () => Promise.resolve(toAdminReview(review)));
    return true;
  }

  async changeFollowUp(m: EntityManager, review: Review, to: ReviewModeration, who: Who): Promise<boolean> {
    const from = review.followUpModeration!;
    reviewModeration.assertAllowed(who.actor, from, to, `review ${review.id} follow-up`);
    const now = this.clock.now();
    if ((await execute(m, FOLLOW_UP_STEP, [to, dbDateTime(m, now), review.id, from])) === 0) return false;
    await this.record(m, review.id, who.actor === 'admin' ? (to === 'approved' ? 'approve' : 'reject') : 'moderation', who);
    Object.assign(review, { followUpModeration: to, updatedAt: now });
    return true;
  }

  record(m: EntityManager, reviewId: number, action: ReviewAction, who: Who): Promise<unknown> {
    return m.insert(ReviewEvent, {
      reviewId,
      action,
      actor: who.actor,
      actorId: who.actorId,
      note: who.note.slice(0, 255),
      createdAt: this.clock.now(),
    });
  }

  /**
   * The summary's atomic increments; the row is created on a product's first visible review. Then the read cache's
   * `reviews` version, so every instance's cached summaries (ReviewReads) make way within the version check.
   */
  async addToSummary(m: EntityManager, review: Pick<Review, 'productId' | 'rating' | 'hasImages'>, sign: 1 | -1): Promise<void> {
    const stars = [1, 2, 3, 4, 5].map((s) => (review.rating === s ? sign : 0));
    const params = [sign, sign * review.rating, ...stars, review.hasImages ? sign : 0, review.productId];
    if ((await execute(m, SUMMARY_ADD, params)) === 0) {
      await m.createQueryBuilder().insert().into(ProductReviewSummary).values({ productId: review.productId }).orIgnore().execute();
      await execute(m, SUMMARY_ADD, params);
    }
    await bumpCatalogVersion(m, 'reviews');
  }
}
