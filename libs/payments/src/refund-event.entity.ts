import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { PaymentActor } from './payment-state';
import type { RefundStatus } from './refund.entity';

/** Who moved a refund, when and why (one row per state change). */
@Entity('refund_event')
@Index('idx_refund_event_refund', ['refundId', 'id'])
export class RefundEvent extends StateChangeRow<RefundStatus, PaymentActor> {
  @Column({ type: 'int' })
  refundId!: number;
}
