import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThanOrEqual, type Repository } from 'typeorm';
import { Clock, errorText, Metrics } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDateTime, execute } from '@app/database';
import { Job } from './job.entity';
import { JobRegistry, PermanentJobError } from './job-registry';
import { JobSchedule } from './job-schedule.entity';
import { CLAIM_JOB, FINISH_JOB, RELEASE_JOB } from './jobs.sql';
import type { TickSummary } from './dto/job-view.dto';

export type { TickSummary } from './dto/job-view.dto';

const CLAIM_BATCH = 10;
const BACKOFF_BASE_MS = 15_000;
const BACKOFF_MAX_MS = 30 * 60_000;
/** Unknown job types (a newer deployment's) are released for another instance to pick up. */
const UNKNOWN_TYPE_DELAY_MS = 60_000;
/** Of the shutdown grace period, what HTTP draining and closing the pool keep after the jobs. */
const SHUTDOWN_RESERVE_MS = 5000;

/**
 * Claims and runs due jobs and periodic sweeps. Safe with any number of instances on one database:
 * a job is claimed by a conditional UPDATE (status/run_at/lease checked in the WHERE clause), so two
 * runners never hold it at once; a claim whose lease expired (crashed runner) is claimed again and
 * counted as an attempt. Sweeps are claimed the same way through `job_schedule`.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly workerId = `${hostname().slice(0, 64)}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly logger = new Logger(JobRunner.name);
  private timer?: NodeJS.Timeout;
  /** Runs in progress (the in-process loop's and the tick route's). */
  private readonly active = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    @InjectRepository(Job) private readonly jobs: Repository<Job>,
    @InjectRepository(JobSchedule) private readonly schedules: Repository<JobSchedule>,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.jobs.inProcess) this.schedule(this.config.jobs.pollIntervalMs);
  }

  /**
   * Shutdown: claim nothing more and let running jobs finish, so their outcome is written. This runs before
   * any `onApplicationShutdown` hook, hence before TypeORM's closes the pool (a job finishing on a closed
   * pool loses its result, stays `running`, and runs again on another instance when its lease expires).
   * Bounded by the grace period; a job still running then is left to its lease.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const budgetMs = Math.max(1000, this.config.shutdownGraceMs - SHUTDOWN_RESERVE_MS);
    const finished = await Promise.race([
      Promise.allSettled([...this.active]).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), budgetMs))),
    ]);
    clearTimeout(timer);
    if (!finished) this.logger.warn({ budgetMs }, 'jobs still running at shutdown: their leases expire and they run again');
  }

  /** Runs due sweeps, then due jobs (at most `maxJobs`). Used by the in-process loop and the tick route. */
  runDue(maxJobs = 100): Promise<TickSummary> {
    const run = (async () => {
      const sweeps = await this.runDueSweeps();
      const jobs = await this.drain(maxJobs);
      return { sweeps, jobs };
    })();
    this.active.add(run);
    void run.catch(() => undefined).finally(() => this.active.delete(run));
    return run;
  }

  /** Runs one sweep now, regardless of its schedule. */
  async runSweep(name: string): Promise<number> {
    const def = this.registry.sweep(name);
    if (!def) throw new Error(`unknown sweep "${name}"`);
    return def.run(this.clock.now());
  }

  /** Claims and runs due jobs until none is due or `maxJobs` ran. */
  async drain(maxJobs = 100): Promise<TickSummary['jobs']> {
    const totals = { done: 0, retried: 0, dead: 0 };
    let ran = 0;
    while (ran < maxJobs && !this.stopped) {
      const claimed = await this.claim(Math.min(CLAIM_BATCH, maxJobs - ran));
      if (claimed.length === 0) break;
      const outcomes = await Promise.all(claimed.map((job) => this.execute(job)));
      for (const o of outcomes) totals[o]++;
      ran += claimed.length;
    }
    return totals;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runDue(200)
        .catch((err: unknown) => this.logger.error({ err }, 'job loop failed'))
        .finally(() => this.schedule(this.config.jobs.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private async claim(limit: number): Promise<Job[]> {
    const now = this.clock.now();
    const candidates = await this.jobs.find({
      select: { id: true, type: true },
      where: [
        { status: 'pending', runAt: LessThanOrEqual(now) },
        { status: 'running', lockedUntil: LessThanOrEqual(now) },
      ],
      order: { runAt: 'ASC', id: 'ASC' },
      take: limit * 2,
    });
    const claimed: number[] = [];
    for (const c of candidates) {
      if (claimed.length >= limit) break;
      const lease = this.registry.job(c.type)?.leaseMs ?? 60_000;
      const m = this.jobs.manager;
      const at = dbDateTime(m, now);
      const won = await execute(m, CLAIM_JOB, [this.workerId, dbDateTime(m, new Date(now.getTime() + lease)), at, c.id, at, at]);
      if (won) claimed.push(c.id);
    }
    return claimed.length ? this.jobs.find({ where: { id: In(claimed) } }) : [];
  }

  private async execute(job: Job): Promise<'done' | 'retried' | 'dead'> {
    const def = this.registry.job(job.type);
    if (!def) {
      await this.release(job, this.later(UNKNOWN_TYPE_DELAY_MS), job.lastError, job.attempts - 1);
      return 'retried';
    }
    try {
      await def.handler(job.payload, { jobId: job.id, attempt: job.attempts, maxAttempts: job.maxAttempts, now: this.clock.now() });
      await this.finish(job, 'done', null);
      this.metrics.jobsProcessed.inc({ type: job.type, outcome: 'done' });
      return 'done';
    } catch (err) {
      const message = errorText(err).slice(0, 2000);
      const dead = err instanceof PermanentJobError || job.attempts >= job.maxAttempts;
      if (dead) {
        await this.finish(job, 'dead', message);
        this.logger.error({ jobId: job.id, type: job.type, attempts: job.attempts, error: message }, 'job dead: needs attention');
      } else {
        await this.release(job, this.later(this.backoff(job.attempts)), message, job.attempts);
        this.logger.warn({ jobId: job.id, type: job.type, attempt: job.attempts, error: message }, 'job failed: will retry');
      }
      this.metrics.jobsProcessed.inc({ type: job.type, outcome: dead ? 'dead' : 'retry' });
      return dead ? 'dead' : 'retried';
    }
  }

  /** Writes the outcome only if this runner still holds the claim. */
  private async finish(job: Job, status: 'done' | 'dead', lastError: string | null): Promise<void> {
    const m = this.jobs.manager;
    const now = dbDateTime(m, this.clock.now());
    await execute(m, FINISH_JOB, [status, now, lastError, now, job.id, this.workerId]);
  }

  /** Puts the job back in line for `runAt`, only if this runner still holds the claim. */
  private async release(job: Job, runAt: Date, lastError: string | null, attempts: number): Promise<void> {
    const m = this.jobs.manager;
    await execute(m, RELEASE_JOB, [dbDateTime(m, runAt), lastError, attempts, dbDateTime(m, this.clock.now()), job.id, this.workerId]);
  }

  private async runDueSweeps(): Promise<TickSummary['sweeps']> {
    const done: TickSummary['sweeps'] = [];
    for (const name of this.registry.sweepNames()) {
      if (this.stopped) break;
      const def = this.registry.sweep(name)!;
      const now = this.clock.now();
      await this.schedules
        .createQueryBuilder()
        .insert()
        .into(JobSchedule)
        .values({ name, nextRunAt: now, lockedBy: null, lastRunAt: null })
        .orIgnore()
        .execute();
      const claimed = await this.schedules.update(
        { name, nextRunAt: LessThanOrEqual(now) },
        { nextRunAt: new Date(now.getTime() + def.everyMs), lockedBy: this.workerId, lastRunAt: now },
      );
      if (!claimed.affected) continue;
      try {
        const handled = await def.run(now);
        done.push({ name, handled });
        if (handled > 0) this.logger.log({ sweep: name, handled }, 'sweep ran');
      } catch (err) {
        this.logger.error({ err, sweep: name }, 'sweep failed');
      }
    }
    return done;
  }

  private backoff(attempt: number): number {
    const base = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_MAX_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private later(ms: number): Date {
    return new Date(this.clock.now().getTime() + ms);
  }
}
