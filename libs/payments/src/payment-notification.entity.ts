import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, StatusColumn } from '@app/database';

export const NOTIFICATION_OUTCOMES = ['paid', 'already_paid', 'late_refunded', 'refund_settled', 'ignored'] as const;
export type NotificationOutcome = (typeof NOTIFICATION_OUTCOMES)[number];

/** Every verified notification, once (by WeChat's event id): duplicates are answered without re-applying. */
@Entity('payment_notification')
@Index('uq_payment_notification_event', ['eventId'], { unique: true })
@Index('idx_payment_notification_trade', ['outTradeNo'])
export class PaymentNotification {
  @PrimaryGeneratedColumn()
  id!: number;

  @StatusColumn(16)
  provider!: 'wechat' | 'mock';

  @Column({ type: 'varchar', length: 64 })
  eventId!: string;

  @Column({ type: 'varchar', length: 32 })
  eventType!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outTradeNo!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  outRefundNo!: string | null;

  @StatusColumn(16)
  outcome!: NotificationOutcome;

  @DateTimeColumn()
  receivedAt!: Date;
}
