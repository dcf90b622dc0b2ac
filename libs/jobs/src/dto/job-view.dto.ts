import { PageOf } from '@app/common';
import type { JobStatus } from '../job.entity';

export class JobView {
  id!: number;
  type!: string;
  status!: JobStatus;
  payload!: object;
  attempts!: number;
  maxAttempts!: number;
  /** When it runs (next). */
  runAt!: string;
  lastError!: string | null;
  createdAt!: string;
  finishedAt!: string | null;
}

export class JobPage extends PageOf(JobView) {}

export class SweepRun {
  name!: string;
  /** Rows it handled. */
  handled!: number;
}

export class JobCounts {
  done!: number;
  retried!: number;
  dead!: number;
}

/** What one tick did: the periodic sweeps that were due, and the jobs it ran. */
export class TickSummary {
  sweeps!: SweepRun[];
  jobs!: JobCounts;
}
