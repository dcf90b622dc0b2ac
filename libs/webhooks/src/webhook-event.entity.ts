import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '@app/database';

/**
 * An event as it went out: its public id (receivers dedupe by it), type, time and the resource's document. Written in
 * the change's transaction, which holds the resource row's lock: of two events of one resource the later one has the
 * larger id (its deliveries' `seq`).
 */
@Entity('webhook_event')
@Index('uq_webhook_event_uid', ['uid'], { unique: true })
@Index('idx_webhook_event_occurred', ['occurredAt'])
export class WebhookEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 36 })
  uid!: string;

  @Column({ type: 'varchar', length: 32 })
  type!: string;

  @Column({ type: 'varchar', length: 64 })
  resourceKey!: string;

  @JsonColumn()
  data!: object;

  @DateTimeColumn()
  occurredAt!: Date;
}
