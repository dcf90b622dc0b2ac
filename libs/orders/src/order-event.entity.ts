import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { OrderActor, OrderStatus } from './order-state';

/** Audit trail: one row per state change (and the creation), saying who did it and why. */
@Entity('order_event')
@Index('idx_order_event_order', ['orderId', 'id'])
export class OrderEvent extends StateChangeRow<OrderStatus, OrderActor> {
  @Column({ type: 'int' })
  orderId!: number;
}
