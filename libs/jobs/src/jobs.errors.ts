import { CommonErrors, defineError } from '@app/common';

export const JobsErrors = {
  notFound: CommonErrors.notFound.with('Job'),
  notRetryable: defineError(409, 'JOB_NOT_RETRYABLE', (status: string) => ({
    message: `Only dead or waiting jobs can be retried (this one is ${status})`,
    details: { status },
  })),
  triggerDisabled: CommonErrors.notFound.with('Route'),
  triggerForbidden: CommonErrors.unauthenticated.with('Bearer JOBS_TRIGGER_TOKEN required'),
};
