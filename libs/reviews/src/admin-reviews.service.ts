import { Injectable } from '@nestjs/common';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { TransactionRunner } from '@app/database';
import type { AdminReviewsQuery, ModerateReviewDto, PinReviewDto, ReplyReviewDto, ReviewReasonDto } from './dto/review.dto';
import { toAdminDetail, toAdminReview } from './dto/review.mappers';
import type { AdminReviewDetail, AdminReviewView } from './dto/review-view.dto';
import { ReviewEvent } from './review-event.entity';
import { reviewModeration, type ReviewModeration } from './review-state';
import { ReviewVisibility, type Who } from './review-visibility';
import { Review } from './review.entity';
import { ReviewsErrors } from './reviews.errors';

/** The shop's side: search reviews, hide/show, reply, pin, and decide the held ones. Every action is recorded. */
@Injectable()
export class AdminReviewsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly visibility: ReviewVisibility,
    private readonly clock: Clock,
  ) {}

  async list(q: AdminReviewsQuery): Promise<Page<AdminReviewView>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.manager.createQueryBuilder(Review, 'r');
    this.filter(qb, q);
    const [rows, total] = await qb.orderBy('r.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    return toPage(rows.map(toAdminReview), total, q);
  }

  async get(id: number): Promise<AdminReviewDetail> {
    const review = await this.ds.manager.findOne(Review, { where: { id } });
    if (!review) throw ReviewsErrors.notFound();
    const events = await this.ds.manager.find(ReviewEvent, { where: { reviewId: id }, order: { id: 'ASC' } });
    return toAdminDetail(review, events);
  }

  hide(adminId: number, id: number, dto: ReviewReasonDto): Promise<AdminReviewDetail> {
    return this.act(id, async (m, review) => {
      if (review.hidden) return;
      await this.visibility.change(m, review, { hidden: true }, 'hide', this.who(adminId, dto.reason));
    });
  }

  show(adminId: number, id: number, dto: ReviewReasonDto): Promise<AdminReviewDetail> {
    return this.act(id, async (m, review) => {
      if (!review.hidden) return;
      await this.visibility.change(m, review, { hidden: false }, 'show', this.who(adminId, dto.reason));
    });
  }

  reply(adminId: number, id: number, dto: ReplyReviewDto): Promise<AdminReviewDetail> {
    return this.act(id, async (m, review) => {
      const now = this.clock.now();
      await m.update(Review, { id: review.id }, { reply: dto.content, repliedAt: now, updatedAt: now });
      await this.visibility.record(m, review.id, 'reply', this.who(adminId, dto.content));
    });
  }

  pin(adminId: number, id: number, dto: PinReviewDto): Promise<AdminReviewDetail> {
    return this.act(id, async (m, review) => {
      if (review.pinned === dto.pinned) return;
      await m.update(Review, { id: review.id }, { pinned: dto.pinned, updatedAt: this.clock.now() });
      await this.visibility.record(m, review.id, dto.pinned ? 'pin' : 'unpin', this.who(adminId, dto.reason ?? ''));
    });
  }

  /** The moderation queue's decisions, on a review or its follow-up still checking or held. */
  decide(
    adminId: number,
    id: number,
    to: Extract<ReviewModeration, 'approved' | 'rejected'>,
    dto: ModerateReviewDto,
  ): Promise<AdminReviewDetail> {
    const action = to === 'approved' ? 'approve' : 'reject';
    return this.act(id, async (m, review) => {
      const who = this.who(adminId, dto.reason);
      if (dto.part === 'follow_up') {
        const from = review.followUpModeration;
        if (!from || !reviewModeration.allows('admin', from, to))
          throw ReviewsErrors.stateConflict(`follow-up ${from ?? 'missing'}`, action);
        await this.visibility.changeFollowUp(m, review, to, who);
        return;
      }
      if (!reviewModeration.allows('admin', review.moderation, to)) throw ReviewsErrors.stateConflict(review.moderation, action);
      await this.visibility.change(m, review, { moderation: to }, action, who);
    });
  }

  private async act(
    id: number,
    work: (m: Parameters<ReviewVisibility['recheck']>[0], review: Review) => Promise<void>,
  ): Promise<AdminReviewDetail> {
    await this.tx.run(async (m) => {
      const review = await this.visibility.lock(m, id);
      if (!review) throw ReviewsErrors.notFound();
      await work(m, review);
    });
    return this.get(id);
  }

  private who(adminId: number, note: string): Who {
    return { actor: 'admin', actorId: adminId, note };
  }

  private filter(qb: SelectQueryBuilder<Review>, q: AdminReviewsQuery): void {
    if (q.productId) qb.andWhere('r.productId = :productId', { productId: q.productId });
    if (q.userId) qb.andWhere('r.userId = :userId', { userId: q.userId });
    if (q.rating) qb.andWhere('r.rating = :rating', { rating: q.rating });
    if (q.from) qb.andWhere('r.createdAt >= :from', { from: new Date(q.from) });
    if (q.to) qb.andWhere('r.createdAt < :to', { to: new Date(q.to) });
    if (q.keyword) qb.andWhere('r.content LIKE :kw', { kw: `%${q.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%` });
    switch (q.status) {
      case 'published':
        qb.andWhere('r.visible = :v', { v: true });
        break;
      case 'hidden':
        qb.andWhere('r.hidden = :h AND r.moderation IN (:...pub)', { h: true, pub: ['passed', 'approved'] });
        break;
      case 'pending':
        qb.andWhere('r.moderation = :mod', { mod: 'checking' });
        break;
      case 'held':
        // The moderation queue: held reviews, and reviews whose follow-up is held.
        qb.andWhere('(r.moderation = :mod OR r.followUpModeration = :mod)', { mod: 'held' });
        break;
      case 'rejected':
        qb.andWhere('r.moderation = :mod', { mod: 'rejected' });
        break;
      default:
    }
  }
}
