import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, UpdatedAtColumn } from '@app/database';
import type { WebhookEventType } from './webhook-event-types';

/**
 * A receiver registered by an owner. The secret is kept (HMAC needs it) but never served after the response that
 * created or rotated it; during a rotation's overlap the previous secret signs too, until `previousSecretUntil`.
 */
@Entity('webhook_endpoint')
@Index('idx_webhook_endpoint_enabled', ['enabled'])
export class WebhookEndpoint {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 512 })
  url!: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  description!: string;

  @JsonColumn()
  eventTypes!: WebhookEventType[];

  @Column({ type: 'varchar', length: 96 })
  secret!: string;

  @Column({ type: 'varchar', length: 96, nullable: true })
  previousSecret!: string | null;

  @DateTimeColumn({ nullable: true })
  previousSecretUntil!: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Why it was disabled (by an owner or automatically after consecutive failures); null while enabled. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  disabledReason!: string | null;

  @DateTimeColumn({ nullable: true })
  disabledAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  consecutiveFailures!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
