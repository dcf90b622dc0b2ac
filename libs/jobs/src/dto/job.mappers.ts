import type { Job } from '../job.entity';
import type { JobView } from './job-view.dto';

export type { JobView };

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
