import { Injectable } from '@nestjs/common';

export interface JobContext {
  jobId: number;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  now: Date;
}

/**
 * Every job type and its payload, one typed map: a lib that defines jobs adds its own by declaration merging,
 *
 *   declare module '@app/jobs' {
 *     interface JobPayloads {
 *       'payments.refund': { refundId: number };
 *     }
 *   }
 *
 * so enqueueing an unknown type or a payload of the wrong shape does not compile, and jobs (a low lib) imports none
 * of the libs above it. Type names are `<lib>.<verb-noun>`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobPayloads {}
export type JobType = keyof JobPayloads;

export type JobHandler<P = Record<string, unknown>> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobDefinition {
  handler: JobHandler<object>;
  maxAttempts: number;
  /** How long a claim lasts; must exceed the handler's worst-case duration. */
  leaseMs: number;
}

export interface SweepDefinition {
  everyMs: number;
  /** Returns how many items it handled (for logs and the tick summary). */
  run: (now: Date) => Promise<number>;
}

/** Thrown by a handler when retrying cannot help: the job goes straight to `dead`. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Job types and periodic sweeps, registered by the modules that own them (in onModuleInit). */
@Injectable()
export class JobRegistry {
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly sweeps = new Map<string, SweepDefinition>();

  defineJob<K extends JobType>(type: K, handler: JobHandler<JobPayloads[K]>, opts: { maxAttempts?: number; leaseMs?: number } = {}): void {
    if (this.jobs.has(type)) throw new Error(`job type "${type}" defined twice`);
    this.jobs.set(type, {
      handler: handler as unknown as JobHandler<object>,
      maxAttempts: opts.maxAttempts ?? 8,
      leaseMs: opts.leaseMs ?? 60_000,
    });
  }

  defineSweep(name: string, everyMs: number, run: (now: Date) => Promise<number>): void {
    if (this.sweeps.has(name)) throw new Error(`sweep "${name}" defined twice`);
    this.sweeps.set(name, { everyMs, run });
  }

  job(type: string): JobDefinition | undefined {
    return this.jobs.get(type);
  }

  sweep(name: string): SweepDefinition | undefined {
    return this.sweeps.get(name);
  }

  sweepNames(): string[] {
    return [...this.sweeps.keys()];
  }
}
