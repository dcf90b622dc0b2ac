import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
/** `failed`: given up after retrying for WEBHOOK_RETRY_FOR (a replay puts it back to pending). */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event for one endpoint: its state and the outcome of its last attempt (the endpoint's delivery log). */
@Entity('webhook_delivery')
@Index('uq_webhook_delivery_event_endpoint', ['eventId', 'endpointId'], { unique: true })
@Index('idx_webhook_delivery_due', ['status', 'nextAttemptAt'])
@Index('idx_webhook_delivery_resource', ['endpointId', 'resourceKey', 'status', 'seq'])
@Index('idx_webhook_delivery_endpoint_log', ['endpointId', 'createdAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  eventId!: number;

  @Column({ type: 'int' })
  endpointId!: number;

  /** Copied from the event: the ordering check reads only this table. */
  @Column({ type: 'varchar', length: 64 })
  resourceKey!: string;

  @Column({ type: 'int' })
  seq!: number;

  @StatusColumn(16)
  status!: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @DateTimeColumn()
  nextAttemptAt!: Date;

  /** A dispatcher's claim while it sends (another instance skips it until then). */
  @DateTimeColumn({ nullable: true })
  lockedUntil!: Date | null;

  /** The claim's own random token: a claim reads back, and records outcomes of, only the rows it holds. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  lockedBy!: string | null;

  /** Retries stop WEBHOOK_RETRY_FOR after this (the first try, or the last replay). */
  @DateTimeColumn()
  retrySince!: Date;

  @DateTimeColumn({ nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ type: 'int', nullable: true })
  responseCode!: number | null;

  @Column({ type: 'int', nullable: true })
  latencyMs!: number | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  lastError!: string | null;

  @DateTimeColumn({ nullable: true })
  deliveredAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
