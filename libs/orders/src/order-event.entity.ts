import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, StatusColumn } from '@app/database';
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
