import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const JOB_STATUSES = ['pending', 'running', 'done', 'dead'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A durable unit of work with an external side effect (WeChat call, refund, notification), written in
 * the same transaction as the change that causes it and run after commit, with retries.
 */
@Entity('job')
@Index('idx_job_claim', ['status', 'runAt'])
@Index('idx_job_type_status', ['type', 'status'])
@Index('uq_job_dedupe_key', ['dedupeKey'], { unique: true })
export class Job {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @JsonColumn()
  payload!: object;

  /** Optional idempotency key: enqueueing the same key twice keeps one job. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  dedupeKey!: string | null;

  @StatusColumn(16)
  status!: JobStatus;

  @DateTimeColumn()
  runAt!: Date;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'int' })
  maxAttempts!: number;

  @Column({ type: 'varchar', length: 96, nullable: true })
  lockedBy!: string | null;

  @DateTimeColumn({ nullable: true })
  lockedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt!: Date | null;
}
