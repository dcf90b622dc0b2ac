import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { AfterSaleInitiator, AfterSaleStatus, AfterSaleType } from './after-sale-state';

/** A buyer's request to get money (and maybe send goods) back for some items of one order. */
@Entity('after_sale')
@Index('uq_after_sale_no', ['afterSaleNo'], { unique: true })
@Index('idx_after_sale_user', ['userId', 'id'])
@Index('idx_after_sale_order', ['orderId'])
@Index('idx_after_sale_order_no', ['orderNo'])
@Index('idx_after_sale_status_created', ['status', 'createdAt'])
@Index('idx_after_sale_status_deadline', ['status', 'returnDeadline'])
export class AfterSale {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  afterSaleNo!: string;

  @Column({ type: 'int' })
  orderId!: number;

  /** Copied from the order, for search and display. */
  @Column({ type: 'varchar', length: 32 })
  orderNo!: string;

  @Column({ type: 'int' })
  userId!: number;

  @StatusColumn(16)
  type!: AfterSaleType;

  @StatusColumn(24)
  status!: AfterSaleStatus;

  @StatusColumn(16, { default: 'buyer' })
  initiator!: AfterSaleInitiator;

  /** A code from AFTER_SALE_REASONS. */
  @Column({ type: 'varchar', length: 32 })
  reason!: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @JsonColumn()
  images!: string[];

  /** What the buyer asked for (items + shipping when included). */
  @MoneyColumn()
  requestedAmount!: number;

  /** What will be / was refunded: the requested amount, or less when an operator lowered it. */
  @MoneyColumn()
  refundAmount!: number;

  /** The part of refundAmount that is the order's shipping fee (only when the whole unshipped order is refunded). */
  @MoneyColumn()
  shippingAmount!: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  returnCompany!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  returnTrackingNo!: string | null;

  /** awaiting_return: the buyer must ship the goods back before this. */
  @DateTimeColumn({ nullable: true })
  returnDeadline!: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  rejectReason!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  adminNote!: string | null;

  /** The payments refund paying this request (set when it reaches refunding). */
  @Column({ type: 'int', nullable: true })
  refundId!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @DateTimeColumn({ nullable: true })
  closedAt!: Date | null;
}
