import { Readable } from 'node:stream';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, MoreThan, type Repository } from 'typeorm';
import type { AdminIdentity } from '@app/auth';
import { Clock, errorText } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner } from '@app/database';
import { JobRegistry, JobsService } from '@app/jobs';
import { type Cell, csvText } from './csv';
import type { ExportView } from './dto/export-view.dto';
import { EXPORT_JOB } from './export-jobs';
import type { ExportKind } from './export-kinds';
import { type ExportParams, ExportSources } from './export-sources';
import { ReportExport, ReportExportChunk } from './report-export.entity';
import { ReportsErrors } from './reports.errors';

/** What the controller sends: a CSV stream now, or the export job to fetch later. */
export type ExportOutcome = { kind: 'stream'; filename: string; body: Readable } | { kind: 'job'; view: ExportView };

/** Characters per stored chunk: under 64 KiB in utf8mb4 (TEXT). */
const CHUNK_CHARS = 16_000;
const CHUNKS_PER_READ = 16;
const KEEP_MS = 24 * 3600_000;
const EXPORT_LEASE_MS = 30 * 60_000;
export const EXPORT_EXPIRY_SWEEP = 'reports.export-expiry';

/**
 * CSV exports, one path for every size: the same text generator (csvText over a source's batches) is piped to the
 * reply when the export is small, or written by a job into stored chunks when it is large (EXPORT_DIRECT_MAX_ROWS),
 * fetched when ready from any instance. Either way nothing holds the whole file: batches are read as the consumer
 * (the socket, or the chunk writer) asks for them.
 */
@Injectable()
export class ExportsService implements OnModuleInit {
  private readonly logger = new Logger(ExportsService.name);

  constructor(
    @InjectRepository(ReportExport) private readonly exports: Repository<ReportExport>,
    @InjectRepository(ReportExportChunk) private readonly chunks: Repository<ReportExportChunk>,
    private readonly sources: ExportSources,
    private readonly registry: JobRegistry,
    private readonly jobs: JobsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(EXPORT_JOB, ({ exportId }, ctx) => this.build(exportId, ctx.attempt >= ctx.maxAttempts), {
      maxAttempts: 3,
      leaseMs: EXPORT_LEASE_MS,
    });
    this.registry.defineSweep(EXPORT_EXPIRY_SWEEP, 3600_000, (now) => this.expire(now));
  }

  /** The CSV text of an export: the one path both deliveries read. `counted.rows` follows the rows written. */
  text(kind: ExportKind, params: ExportParams, unmasked: boolean, counted = { rows: 0 }): AsyncGenerator<string> {
    const source = this.sources.source(kind);
    async function* rows(): AsyncGenerator<Cell[][]> {
      for await (const batch of source.batches(params, { unmasked })) {
        counted.rows += batch.length;
        yield batch;
      }
    }
    return csvText(source.header, rows());
  }

  async start(admin: AdminIdentity, kind: ExportKind, query: ExportParams & { mode?: string }): Promise<ExportOutcome> {
    const { mode, ...params } = query;
    const unmasked = admin.role === 'owner';
    const limit = this.config.reports.exportDirectMaxRows;
    const large = mode === 'job' || (await this.sources.source(kind).countUpTo(params, limit + 1)) > limit;
    if (!large) {
      return {
        kind: 'stream',
        filename: this.filename(kind),
        body: Readable.from(this.text(kind, params, unmasked), { objectMode: false }),
      };
    }
    const now = this.clock.now();
    const saved = await this.tx.run(async (m) => {
      const row = m.create(ReportExport, {
        adminId: admin.adminId,
        kind,
        params: { ...params, unmasked },
        status: 'pending',
        rowCount: 0,
        bytes: 0,
        lastError: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
        expiresAt: new Date(now.getTime() + KEEP_MS),
      });
      await m.insert(ReportExport, row);
      await this.jobs.enqueue(m, EXPORT_JOB, { exportId: row.id });
      return row;
    });
    return { kind: 'job', view: toExportView(saved) };
  }

  /** One of the caller's exports (another admin's is not found). */
  async status(admin: AdminIdentity, id: number): Promise<ExportView> {
    return toExportView(await this.own(admin, id));
  }

  /** The stored file of a ready export, streamed chunk by chunk. */
  async file(admin: AdminIdentity, id: number): Promise<{ filename: string; body: Readable }> {
    const e = await this.own(admin, id);
    if (e.status !== 'ready') throw ReportsErrors.exportNotReady(e.status);
    const chunks = this.chunks;
    async function* read(): AsyncGenerator<string> {
      let seq = -1;
      for (;;) {
        const rows = await chunks.find({ where: { exportId: id, seq: MoreThan(seq) }, order: { seq: 'ASC' }, take: CHUNKS_PER_READ });
        for (const r of rows) yield r.data;
        if (rows.length < CHUNKS_PER_READ) return;
        seq = rows[rows.length - 1]!.seq;
      }
    }
    return { filename: this.filename(e.kind, e.createdAt), body: Readable.from(read(), { objectMode: false }) };
  }

  private async own(admin: AdminIdentity, id: number): Promise<ReportExport> {
    const e = await this.exports.findOne({ where: { id, adminId: admin.adminId } });
    if (!e) throw ReportsErrors.exportNotFound();
    return e;
  }

  /** The job: claims the export, writes its chunks (again from the start on a retry), marks it ready. */
  private async build(exportId: number, lastAttempt: boolean): Promise<void> {
    const e = await this.exports.findOne({ where: { id: exportId } });
    if (!e || e.status === 'ready' || e.status === 'failed') return;
    await this.exports.update({ id: exportId }, { status: 'running', updatedAt: this.clock.now() });
    await this.chunks.delete({ exportId });
    try {
      const { unmasked, ...params } = e.params as ExportParams & { unmasked?: boolean };
      let seq = 0;
      let bytes = 0;
      const counted = { rows: 0 };
      let pending = '';
      const flush = async (all: boolean): Promise<void> => {
        while (pending.length >= CHUNK_CHARS || (all && pending.length > 0)) {
          const data = pending.slice(0, CHUNK_CHARS);
          pending = pending.slice(data.length);
          await this.chunks.insert({ exportId, seq: seq++, data });
          bytes += Buffer.byteLength(data);
        }
      };
      for await (const part of this.text(e.kind, params, unmasked === true, counted)) {
        pending += part;
        await flush(false);
      }
      await flush(true);
      const now = this.clock.now();
      await this.exports.update({ id: exportId }, { status: 'ready', rowCount: counted.rows, bytes, finishedAt: now, updatedAt: now });
    } catch (err) {
      if (lastAttempt) {
        const now = this.clock.now();
        await this.exports.update(
          { id: exportId },
          { status: 'failed', lastError: errorText(err).slice(0, 500), finishedAt: now, updatedAt: now },
        );
      }
      throw err;
    }
  }

  /** Deletes exports past their day, with their chunks. */
  private async expire(now: Date): Promise<number> {
    const old = await this.exports.find({ select: { id: true }, where: { expiresAt: LessThanOrEqual(now) }, take: 100 });
    if (old.length === 0) return 0;
    const ids = old.map((e) => e.id);
    await this.chunks.delete({ exportId: In(ids) });
    await this.exports.delete({ id: In(ids) });
    this.logger.log({ exports: ids.length }, 'expired exports deleted');
    return ids.length;
  }

  private filename(kind: ExportKind, at = this.clock.now()): string {
    return `${kind}-${at.toISOString().slice(0, 19).replace(/[-:T]/g, '')}.csv`;
  }
}

export function toExportView(e: ReportExport): ExportView {
  return {
    id: e.id,
    kind: e.kind,
    status: e.status,
    rowCount: e.rowCount,
    bytes: Number(e.bytes),
    lastError: e.lastError,
    createdAt: e.createdAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
    expiresAt: e.expiresAt.toISOString(),
  };
}
