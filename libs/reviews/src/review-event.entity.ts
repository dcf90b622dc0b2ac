import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, StatusColumn } from '@app/database';
import type { ReviewAction, ReviewActor } from './review-state';

/** What happened to a review, who did it and why (every admin action and every moderation step). */
@Entity('review_event')
@Index('idx_review_event_review', ['reviewId', 'id'])
export class ReviewEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  reviewId!: number;

  @StatusColumn(24)
  action!: ReviewAction;

  @StatusColumn(16)
  actor!: ReviewActor;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
