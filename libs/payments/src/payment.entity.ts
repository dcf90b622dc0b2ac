import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const PAYMENT_STATUSES = ['pending', 'succeeded', 'closed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One payment per order (out_trade_no = the order number, stable across retries of the pay button). */
@Entity('payment')
@Index('uq_payment_order', ['orderId'], { unique: true })
@Index('uq_payment_out_trade_no', ['outTradeNo'], { unique: true })
@Index('uq_payment_transaction', ['transactionId'], { unique: true })
@Index('idx_payment_status_created', ['status', 'createdAt'])
export class Payment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  userId!: number;

  @StatusColumn(16)
  provider!: 'wechat' | 'mock';

  @Column({ type: 'varchar', length: 32 })
  outTradeNo!: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  prepayId!: string | null;

  @DateTimeColumn({ nullable: true })
  prepayExpiresAt!: Date | null;

  @MoneyColumn()
  amount!: number;

  /** Sum of succeeded refunds. */
  @MoneyColumn()
  refundedAmount!: number;

  @StatusColumn(16)
  status!: PaymentStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transactionId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  payerOpenid!: string | null;

  @DateTimeColumn({ nullable: true })
  paidAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
