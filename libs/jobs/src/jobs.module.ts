import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminJobsController } from './admin-jobs.controller';
import { Job } from './job.entity';
import { JobRegistry } from './job-registry';
import { JobRunner } from './job-runner';
import { JobSchedule } from './job-schedule.entity';
import { JobsTriggerController } from './jobs-trigger.controller';
import { JobsService } from './jobs.service';

/** Durable jobs and periodic sweeps; global because every domain module enqueues and defines jobs. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Job, JobSchedule])],
  controllers: [JobsTriggerController, AdminJobsController],
  providers: [JobRegistry, JobsService, JobRunner],
  exports: [JobRegistry, JobsService, JobRunner],
})
export class JobsModule {}
