import type { ExportKind, ExportStatus } from '../export-kinds';

/** An export run as a job: fetch `GET /admin/exports/{id}/file` once it is ready. */
export class ExportView {
  id!: number;
  kind!: ExportKind;
  status!: ExportStatus;
  /** Rows written (when ready). */
  rowCount!: number;
  /** Size of the file in bytes (when ready). */
  bytes!: number;
  /** Why it failed. */
  lastError!: string | null;
  createdAt!: string;
  finishedAt!: string | null;
  /** Deleted after this. */
  expiresAt!: string;
}
