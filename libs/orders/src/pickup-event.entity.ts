import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { OrderActor } from './order-state';
import type { PickupStatus } from './pickup-state';

/** Audit trail of a pick-up's steps (its creation and every change), with who and why. */
@Entity('pickup_event')
@Index('idx_pickup_event_order', ['orderId', 'id'])
export class PickupEvent extends StateChangeRow<PickupStatus, OrderActor> {
  @Column({ type: 'int' })
  orderId!: number;
}
