import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type EntityManager, type Repository } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import type { JobsQuery } from './dto/jobs-query.dto';
import { toJobView, type JobView } from './dto/job.mappers';
import { Job } from './job.entity';
import { JobRegistry, type JobPayloads, type JobType } from './job-registry';
import { JobsErrors } from './jobs.errors';

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAt?: Date;
  maxAttempts?: number;
  /** Enqueueing the same key again is a no-op: one job per key, ever. */
  dedupeKey?: string;
}

/** Enqueue (inside the caller's transaction), list and retry durable jobs. */
@Injectable()
export class JobsService {
  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes the job in the caller's transaction: it exists if and only if the change that caused it
   * commits, and it runs after commit, however the process fares in between.
   */
  async enqueue<K extends JobType>(manager: EntityManager, type: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): Promise<void> {
    const def = this.registry.job(type);
    if (!def) throw new Error(`unknown job type "${type}"`);
    const now = this.clock.now();
    const row = {
      type,
      payload,
      dedupeKey: opts.dedupeKey ?? null,
      status: 'pending' as const,
      runAt: opts.runAt ?? now,
      attempts: 0,
      maxAttempts: opts.maxAttempts ?? def.maxAttempts,
      createdAt: now,
      updatedAt: now,
    };
    const insert = manager.createQueryBuilder().insert().into(Job).values(row);
    await (opts.dedupeKey ? insert.orIgnore() : insert).execute();
  }

  async list(q: JobsQuery): Promise<Page<JobView>> {
    const { offset, pageSize } = pageParams(q);
    const where = { ...(q.status ? { status: q.status } : {}), ...(q.type ? { type: q.type } : {}) };
    const [rows, total] = await this.jobs.findAndCount({ where, order: { id: 'DESC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toJobView), total, q);
  }

  /** Puts a dead (or waiting) job back in line with a fresh set of attempts. */
  async retry(id: number): Promise<JobView> {
    const now = this.clock.now();
    const res = await this.jobs.update(
      { id, status: In(['dead', 'pending']) },
      { status: 'pending', attempts: 0, runAt: now, lockedBy: null, lockedUntil: null, finishedAt: null, updatedAt: now },
    );
    const job = await this.jobs.findOne({ where: { id } });
    if (!job) throw JobsErrors.notFound();
    if (!res.affected) throw JobsErrors.notRetryable(job.status);
    return toJobView(job);
  }
}
