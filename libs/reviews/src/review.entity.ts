import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { ReviewModeration } from './review-state';

/**
 * A buyer's review of one order item (one per item), with its one follow-up. The buyer's nickname and avatar are
 * copied at review time. `visible` (published by moderation and not hidden) is what the product page lists and the
 * summary counts; it changes only with the summary, in one transaction.
 */
@Entity('review')
@Index('uq_review_order_item', ['orderItemId'], { unique: true })
@Index('idx_review_product_list', ['productId', 'visible', 'pinned', 'id'])
@Index('idx_review_product_grade', ['productId', 'visible', 'grade', 'pinned', 'id'])
@Index('idx_review_product_images', ['productId', 'visible', 'hasImages', 'pinned', 'id'])
@Index('idx_review_user', ['userId', 'id'])
@Index('idx_review_moderation', ['moderation', 'id'])
@Index('idx_review_created', ['createdAt'])
export class Review {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  orderItemId!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int' })
  productId!: number;

  @Column({ type: 'int' })
  skuId!: number;

  @Column({ type: 'varchar', length: 120, default: '' })
  specText!: string;

  /** 1-5 stars. */
  @Column({ type: 'int' })
  rating!: number;

  /** 1 bad (1-2 stars), 2 medium (3), 3 good (4-5): the list filters. */
  @Column({ type: 'int' })
  grade!: number;

  @Column({ type: 'varchar', length: 500, default: '' })
  content!: string;

  @JsonColumn()
  images!: string[];

  @Column({ type: 'boolean', default: false })
  hasImages!: boolean;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  @Column({ type: 'varchar', length: 64, default: '' })
  nickname!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  avatarUrl!: string;

  @StatusColumn(16)
  moderation!: ReviewModeration;

  @Column({ type: 'boolean', default: false })
  hidden!: boolean;

  @Column({ type: 'boolean', default: false })
  visible!: boolean;

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reply!: string | null;

  @DateTimeColumn({ nullable: true })
  repliedAt!: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  followUpContent!: string | null;

  @JsonColumn({ nullable: true })
  followUpImages!: string[] | null;

  @StatusColumn(16, { nullable: true })
  followUpModeration!: ReviewModeration | null;

  @DateTimeColumn({ nullable: true })
  followUpAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
