import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { ExportKind, ExportStatus } from './export-kinds';

/** A CSV export too large to stream at once: built by a job into chunks, fetched when ready, deleted after a day. */
@Entity('report_export')
@Index('idx_report_export_admin', ['adminId', 'id'])
@Index('idx_report_export_expiry', ['expiresAt'])
export class ReportExport {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  adminId!: number;

  @StatusColumn(24)
  kind!: ExportKind;

  /** The validated filters, and whether phone numbers are shown (the requester was an owner). */
  @JsonColumn()
  params!: Record<string, string | number | boolean>;

  @StatusColumn(16)
  status!: ExportStatus;

  @Column({ type: 'int', default: 0 })
  rowCount!: number;

  @Column({ type: 'bigint', default: 0 })
  bytes!: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt!: Date | null;

  @DateTimeColumn()
  expiresAt!: Date;
}

/** One piece of an export's CSV text, in order (TEXT: at most 16,000 characters, under 64 KiB in utf8mb4). */
@Entity('report_export_chunk')
@Index('uq_report_export_chunk', ['exportId', 'seq'], { unique: true })
export class ReportExportChunk {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  exportId!: number;

  @Column({ type: 'int' })
  seq!: number;

  @Column({ type: 'text' })
  data!: string;
}
