export { JobsModule } from './jobs.module';
export { JobsService, type EnqueueOptions } from './jobs.service';
export { JobRegistry, PermanentJobError, type JobContext, type JobHandler, type JobPayloads, type JobType } from './job-registry';
export type { JobStatus } from './job.entity';
export type { JobView } from './dto/job.mappers';
