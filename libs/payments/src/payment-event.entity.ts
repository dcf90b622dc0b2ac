import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { PaymentActor } from './payment-state';
import type { PaymentStatus } from './payment.entity';

/** Who moved a payment, when and why (one row per state change). */
@Entity('payment_event')
@Index('idx_payment_event_payment', ['paymentId', 'id'])
export class PaymentEvent extends StateChangeRow<PaymentStatus, PaymentActor> {
  @Column({ type: 'int' })
  paymentId!: number;
}
