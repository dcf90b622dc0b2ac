import { isPublished, reviewStatus } from '../review-state';
import type { ReviewEvent } from '../review-event.entity';
import type { Review } from '../review.entity';
import type { ProductReviewSummary } from '../product-review-summary.entity';
import type {
  AdminReviewDetail,
  AdminReviewView,
  MyReviewView,
  PublicReviewView,
  ReviewEventView,
  ReviewSummaryView,
} from './review-view.dto';

/** An anonymous reviewer shows as the first character of the nickname and stars. */
export function maskNickname(nickname: string): string {
  const first = [...nickname][0];
  return first ? `${first}***` : '匿名用户';
}

const oneDecimal = (n: number): number => Math.round(n * 10) / 10;

export function toPublicReview(r: Review): PublicReviewView {
  return {
    id: r.id,
    productId: r.productId,
    skuId: r.skuId,
    specText: r.specText,
    rating: r.rating,
    content: r.content,
    images: r.images,
    anonymous: r.anonymous,
    nickname: r.anonymous ? maskNickname(r.nickname) : r.nickname,
    avatarUrl: r.anonymous ? '' : r.avatarUrl,
    pinned: r.pinned,
    reply: r.reply && r.repliedAt ? { content: r.reply, repliedAt: r.repliedAt.toISOString() } : null,
    followUp:
      r.followUpContent !== null && r.followUpAt && isPublished(r.followUpModeration)
        ? { content: r.followUpContent, images: r.followUpImages ?? [], createdAt: r.followUpAt.toISOString() }
        : null,
    createdAt: r.createdAt.toISOString(),
  };
}

export function toMyReview(r: Review): MyReviewView {
  const view = toPublicReview(r);
  // The buyer sees their own follow-up whatever its state (its status says whether others do).
  const followUp =
    r.followUpContent !== null && r.followUpAt
      ? { content: r.followUpContent, images: r.followUpImages ?? [], createdAt: r.followUpAt.toISOString() }
      : null;
  return {
    ...view,
    followUp,
    orderId: r.orderId,
    orderItemId: r.orderItemId,
    status: reviewStatus(r),
    followUpStatus: r.followUpModeration,
  };
}

export function toAdminReview(r: Review): AdminReviewView {
  return { ...toMyReview(r), userId: r.userId, moderation: r.moderation, hidden: r.hidden, realNickname: r.nickname };
}

export function toEventView(e: ReviewEvent): ReviewEventView {
  return { action: e.action, actor: e.actor, actorId: e.actorId, note: e.note, createdAt: e.createdAt.toISOString() };
}

export function toAdminDetail(r: Review, events: ReviewEvent[]): AdminReviewDetail {
  return { ...toAdminReview(r), events: events.map(toEventView) };
}

export function toSummary(productId: number, s: ProductReviewSummary | null): ReviewSummaryView {
  const ratingCounts = s ? [s.stars1, s.stars2, s.stars3, s.stars4, s.stars5] : [0, 0, 0, 0, 0];
  const count = s?.reviewCount ?? 0;
  const good = ratingCounts[3]! + ratingCounts[4]!;
  return {
    productId,
    count,
    average: count ? oneDecimal(s!.ratingSum / count) : 0,
    goodRate: count ? oneDecimal((good * 100) / count) : 0,
    goodCount: good,
    mediumCount: ratingCounts[2]!,
    badCount: ratingCounts[0]! + ratingCounts[1]!,
    withImagesCount: s?.withImages ?? 0,
    ratingCounts,
  };
}

export type { AdminReviewDetail, AdminReviewView, MyReviewView, PublicReviewView, ReviewSummaryView };
