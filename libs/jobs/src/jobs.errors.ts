import { AppException, CommonErrors } from '@app/common';

export const JobsErrors = {
  notFound: (): AppException => CommonErrors.notFound('Job'),
  notRetryable: (status: string): AppException =>
    new AppException(409, 'JOB_NOT_RETRYABLE', `Only dead or waiting jobs can be retried (this one is ${status})`, { status }),
  triggerDisabled: (): AppException => CommonErrors.notFound('Route'),
  triggerForbidden: (): AppException => new AppException(401, 'UNAUTHENTICATED', 'Bearer JOBS_TRIGGER_TOKEN required'),
};
