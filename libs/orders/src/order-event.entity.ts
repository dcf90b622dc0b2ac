import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { CreatedAtColumn, dbDateTime, StatusColumn } from '@app/database';
import type { OrderActor, OrderStatus } from './order-state';

/** Audit trail: one row per state change (and the creation), saying who did it and why. */
@Entity('order_event')
@Index('idx_order_event_order', ['orderId', 'id'])
export class OrderEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @StatusColumn(24, { nullable: true })
  fromStatus!: OrderStatus | null;

  @StatusColumn(24)
  toStatus!: OrderStatus;

  @StatusColumn(16)
  actor!: OrderActor;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}

/** Writes an audit row (plain SQL: every order creation and state change does, inside its transaction). */
export async function insertOrderEvent(m: EntityManager, e: Omit<OrderEvent, 'id'>): Promise<void> {
  await m.query(
    'INSERT INTO order_event (order_id, from_status, to_status, actor, actor_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [e.orderId, e.fromStatus, e.toStatus, e.actor, e.actorId, e.note, dbDateTime(m, e.createdAt)],
  );
}
