import type { Job, JobStatus } from '../job.entity';

export interface JobView {
  id: number;
  type: string;
  status: JobStatus;
  payload: object;
  attempts: number;
  maxAttempts: number;
  runAt: string;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export function toJobView(j: Job): JobView {
  return {
    id: j.id,
    type: j.type,
    status: j.status,
    payload: j.payload,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    runAt: j.runAt.toISOString(),
    lastError: j.lastError,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  };
}
