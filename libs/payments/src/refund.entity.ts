import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const REFUND_STATUSES = ['pending', 'processing', 'succeeded', 'closed', 'abnormal'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/** One refund at WeChat Pay: out_refund_no is fixed when the row is created and reused on every retry. */
@Entity('refund')
@Index('uq_refund_out_refund_no', ['outRefundNo'], { unique: true })
@Index('idx_refund_payment', ['paymentId'])
@Index('idx_refund_order', ['orderId'])
@Index('idx_refund_after_sale', ['afterSaleId'])
@Index('idx_refund_status_updated', ['status', 'updatedAt'])
// Reports (libs/reports): refunds by the business day they succeeded.
@Index('idx_refund_succeeded', ['succeededAt'])
export class Refund {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  paymentId!: number;

  @Column({ type: 'int', nullable: true })
  afterSaleId!: number | null;

  @Column({ type: 'varchar', length: 64 })
  outRefundNo!: string;

  @MoneyColumn()
  amount!: number;

  @Column({ type: 'varchar', length: 80, default: '' })
  reason!: string;

  @StatusColumn(16)
  status!: RefundStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  wechatRefundId!: string | null;

  /** True for money returned because the order was cancelled before the payment arrived. */
  @Column({ type: 'boolean', default: false })
  latePayment!: boolean;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @DateTimeColumn({ nullable: true })
  succeededAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
