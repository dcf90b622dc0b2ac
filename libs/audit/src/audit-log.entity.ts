import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn } from '@app/database';

export const AUDIT_OUTCOMES = ['pending', 'succeeded', 'failed'] as const;
/** `pending`: written before the change ran and never completed (the process stopped): check the target. */
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/**
 * One admin write, append-only: written (pending) before the handler runs, completed once with its outcome. No code
 * path updates anything else or deletes; on MySQL/MariaDB triggers refuse both (migration AdminAudit).
 */
@Entity('admin_audit_log')
@Index('idx_admin_audit_admin', ['adminId', 'id'])
@Index('idx_admin_audit_action', ['action', 'id'])
@Index('idx_admin_audit_target', ['targetType', 'targetId', 'id'])
@Index('idx_admin_audit_created', ['createdAt'])
export class AuditLog {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  adminId!: number;

  @Column({ type: 'varchar', length: 64, default: '' })
  adminUsername!: string;

  @StatusColumn(16)
  role!: string;

  /** The shopper whose openid is bound to the admin account, when the write came from inside the mini program. */
  @Column({ type: 'int', nullable: true })
  viaUserId!: number | null;

  /** The route's operationId (adminShipOrder). */
  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @StatusColumn(8)
  method!: string;

  /** The route template (/api/v1/admin/orders/:id/ship). */
  @Column({ type: 'varchar', length: 200 })
  route!: string;

  /** The admin collection the route writes (orders, products, settings...). */
  @Column({ type: 'varchar', length: 32 })
  targetType!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  targetId!: string | null;

  /** The request body as JSON, secrets redacted, cut at 2,000 characters. */
  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'varchar', length: 64 })
  requestId!: string;

  @StatusColumn(16)
  outcome!: AuditOutcome;

  /** The error code of a failed write. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt!: Date | null;
}
