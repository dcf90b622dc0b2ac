import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { isDuplicateKeyError, TransactionRunner } from '@app/database';
import { AVATAR_TARGET, ModerationService, NICKNAME_TARGET, SCENE, type TextScreening } from '@app/moderation';
import { OrderReviewsService, type ReviewableItem } from '@app/orders';
import { UsersService } from '@app/auth';
import type { PageQuery } from '@app/common';
import type { CreateReviewDto, FollowUpDto } from './dto/review.dto';
import { toMyReview, type MyReviewView } from './dto/review.mappers';
import type { AwaitingReviewView } from './dto/review-view.dto';
import { gradeOf, MODERATION_BY_VERDICT } from './review-state';
import { FOLLOW_UP_TARGET, REVIEW_TARGET, ReviewVisibility } from './review-visibility';
import { Review } from './review.entity';
import { ReviewsErrors } from './reviews.errors';

const DAY_MS = 86_400_000;

/** The buyer's side: write a review and its follow-up, read their own, list what still awaits a review. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrderReviewsService,
    private readonly users: UsersService,
    private readonly moderation: ModerationService,
    private readonly visibility: ReviewVisibility,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async create(userId: number, dto: CreateReviewDto): Promise<MyReviewView> {
    const item = await this.orders.item(undefined, userId, dto.orderItemId);
    if (!item) throw ReviewsErrors.itemNotFound();
    this.assertReviewable(item);
    const existing = await this.ds.manager.findOne(Review, { where: { orderItemId: item.orderItemId }, select: { id: true } });
    if (existing) throw ReviewsErrors.alreadyReviewed(existing.id);
    const images = this.checkImages(dto.images ?? []);
    const user = await this.users.findById(userId);
    if (!user) throw ReviewsErrors.itemNotFound();
    const content = dto.content ?? '';
    // A nickname or an avatar WeChat has not cleared (held, or still being checked) is not copied onto a review.
    const cleared = async (type: string, kind: 'text' | 'image') => {
      const last = await this.moderation.latest(this.ds.manager, { type, id: userId }, kind);
      return last === null || last.verdict === 'pass';
    };
    const nickname = (await cleared(NICKNAME_TARGET, 'text')) ? user.nickname : '';
    const avatarUrl = (await cleared(AVATAR_TARGET, 'image')) ? user.avatarUrl : '';
    const screening = await this.moderation.screenText({
      openid: user.openid ?? undefined,
      scene: SCENE.comment,
      content,
      targetType: REVIEW_TARGET,
      field: 'content',
    });
    const now = this.clock.now();
    try {
      const review = await this.tx.run(async (m) => {
        const row = await m.save(
          Review,
          m.create(Review, {
            orderId: item.orderId,
            orderItemId: item.orderItemId,
            userId,
            productId: item.productId,
            skuId: item.skuId,
            specText: item.specText,
            rating: dto.rating,
            grade: gradeOf(dto.rating),
            content,
            images,
            hasImages: images.length > 0,
            anonymous: dto.anonymous ?? false,
            nickname,
            avatarUrl,
            moderation: 'checking',
            hidden: false,
            visible: false,
            pinned: false,
            reply: null,
            repliedAt: null,
            followUpContent: null,
            followUpImages: null,
            followUpModeration: null,
            followUpAt: null,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.visibility.record(m, row.id, 'create', { actor: 'user', actorId: userId, note: '' });
        await this.settle(m, row, REVIEW_TARGET, screening, user.openid ?? '', images);
        return row;
      });
      return toMyReview(review);
    } catch (err) {
      if (isDuplicateKeyError(err)) throw ReviewsErrors.alreadyReviewed();
      throw err;
    }
  }

  /** One follow-up per review, by its author, within REVIEW_DAYS of the review. */
  async followUp(userId: number, reviewId: number, dto: FollowUpDto): Promise<MyReviewView> {
    const review = await this.ds.manager.findOne(Review, { where: { id: reviewId, userId } });
    if (!review) throw ReviewsErrors.notFound();
    if (review.followUpAt) throw ReviewsErrors.followUpExists();
    if (this.clock.now().getTime() > review.createdAt.getTime() + this.config.reviews.reviewDays * DAY_MS)
      throw ReviewsErrors.windowClosed(this.config.reviews.reviewDays);
    const item = await this.orders.item(undefined, userId, review.orderItemId);
    if (!item || item.refundedQuantity >= item.quantity) throw ReviewsErrors.notAllowed('The item was refunded');
    const images = this.checkImages(dto.images ?? []);
    const user = await this.users.findById(userId);
    const openid = user?.openid ?? '';
    const screening = await this.moderation.screenText({
      openid,
      scene: SCENE.comment,
      content: dto.content,
      targetType: FOLLOW_UP_TARGET,
      field: 'content',
    });
    const updated = await this.tx.run(async (m) => {
      const locked = await this.visibility.lock(m, reviewId);
      if (!locked || locked.followUpAt) throw ReviewsErrors.followUpExists();
      const now = this.clock.now();
      await m.update(
        Review,
        { id: reviewId },
        { followUpContent: dto.content, followUpImages: images, followUpModeration: 'checking', followUpAt: now, updatedAt: now },
      );
      Object.assign(locked, {
        followUpContent: dto.content,
        followUpImages: images,
        followUpModeration: 'checking',
        followUpAt: now,
        updatedAt: now,
      });
      await this.visibility.record(m, reviewId, 'follow_up', { actor: 'user', actorId: userId, note: '' });
      await this.settle(m, locked, FOLLOW_UP_TARGET, screening, openid, images);
      return locked;
    });
    return toMyReview(updated);
  }

  async get(userId: number, id: number): Promise<MyReviewView> {
    const review = await this.ds.manager.findOne(Review, { where: { id, userId } });
    if (!review) throw ReviewsErrors.notFound();
    return toMyReview(review);
  }

  async mine(userId: number, q: PageQuery): Promise<Page<MyReviewView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(Review, {
      where: { userId },
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toMyReview), total, q);
  }

  /** Items of completed orders, within the review window, neither reviewed nor refunded: the "to review" list and count. */
  async awaiting(userId: number, q: PageQuery): Promise<Page<AwaitingReviewView>> {
    const days = this.config.reviews.reviewDays;
    const items = (await this.orders.completedItems(userId, new Date(this.clock.now().getTime() - days * DAY_MS))).filter(
      (i) => i.refundedQuantity < i.quantity,
    );
    const reviewed = items.length
      ? new Set(
          (
            await this.ds.manager.find(Review, {
              where: { orderItemId: In(items.map((i) => i.orderItemId)) },
              select: { orderItemId: true },
            })
          ).map((r) => r.orderItemId),
        )
      : new Set<number>();
    const open = items.filter((i) => !reviewed.has(i.orderItemId));
    const { offset, pageSize } = pageParams(q);
    return toPage(
      open.slice(offset, offset + pageSize).map((i) => ({
        orderId: i.orderId,
        orderNo: i.orderNo,
        orderItemId: i.orderItemId,
        productId: i.productId,
        skuId: i.skuId,
        title: i.title,
        specText: i.specText,
        image: i.image,
        reviewBy: new Date(i.completedAt!.getTime() + days * DAY_MS).toISOString(),
      })),
      open.length,
      q,
    );
  }

  private assertReviewable(item: ReviewableItem): void {
    if (item.orderStatus !== 'completed' || !item.completedAt)
      throw ReviewsErrors.notAllowed('Only items of completed orders can be reviewed');
    if (item.refundedQuantity >= item.quantity) throw ReviewsErrors.notAllowed('The item was refunded');
    const days = this.config.reviews.reviewDays;
    if (this.clock.now().getTime() > item.completedAt.getTime() + days * DAY_MS) throw ReviewsErrors.windowClosed(days);
  }

  private checkImages(refs: readonly string[]): string[] {
    refs.forEach((ref, i) => {
      const problem = this.moderation.imageRefProblem(ref);
      if (problem) throw ReviewsErrors.image(i, problem);
    });
    return [...refs];
  }

  /** Ties the text check to the content, submits the images, and moves the content to what the checks say so far. */
  private async settle(
    m: Parameters<ReviewVisibility['recheck']>[0],
    review: Review,
    type: typeof REVIEW_TARGET | typeof FOLLOW_UP_TARGET,
    screening: TextScreening,
    openid: string,
    images: readonly string[],
  ): Promise<void> {
    const target = { type, id: review.id };
    await this.moderation.attach(m, target, [screening]);
    await this.moderation.submitImages(m, target, { openid, scene: SCENE.comment, refs: images });
    const to = MODERATION_BY_VERDICT[await this.moderation.verdictOf(m, target)];
    if (to === 'checking') return;
    if (type === REVIEW_TARGET)
      await this.visibility.change(m, review, { moderation: to }, 'moderation', {
        actor: 'system',
        actorId: null,
        note: `checking -> ${to}`,
      });
    else await this.visibility.changeFollowUp(m, review, to, { actor: 'system', actorId: null, note: `follow-up checking -> ${to}` });
  }
}
