import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { CouponStatus } from './coupon-state';

/** A coupon issued to one shopper. Expired is not a status: an unused coupon past `validTo` shows as expired. */
@Entity('coupon')
@Index('idx_coupon_user_status', ['userId', 'status', 'validTo'])
@Index('idx_coupon_template_user', ['templateId', 'userId'])
@Index('idx_coupon_template_status', ['templateId', 'status', 'id'])
@Index('idx_coupon_status', ['status', 'id'])
@Index('idx_coupon_order', ['orderId'])
export class Coupon {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  templateId!: number;

  @Column({ type: 'int' })
  userId!: number;

  @StatusColumn(16)
  status!: CouponStatus;

  @DateTimeColumn()
  validFrom!: Date;

  @DateTimeColumn()
  validTo!: Date;

  /** The order it is locked to (status used). */
  @Column({ type: 'int', nullable: true })
  orderId!: number | null;

  @DateTimeColumn({ nullable: true })
  usedAt!: Date | null;

  /** claim (the shopper) or issue (an operator). */
  @StatusColumn(16)
  source!: 'claim' | 'issue';

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
