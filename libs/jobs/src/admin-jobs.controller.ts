import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/access';
import { ApiErrors, IdPipe } from '@app/common';
import type { JobPage, JobView } from './dto/job-view.dto';
import { JobsQuery } from './dto/jobs-query.dto';
import { JobsErrors } from './jobs.errors';
import { JobsService } from './jobs.service';

@ApiTags('admin')
@Controller('admin/jobs')
@AdminAuth('owner')
export class AdminJobsController {
  constructor(private readonly jobs: JobsService) {}

  /** Durable jobs (WeChat calls, refunds, messages), newest first, by status and type. */
  @Get()
  @ApiOperation({ operationId: 'adminListJobs' })
  list(@Query() q: JobsQuery): Promise<JobPage> {
    return this.jobs.list(q);
  }

  /** Run a dead or waiting job again now. */
  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ operationId: 'adminRetryJob' })
  @ApiErrors(JobsErrors.notFound, JobsErrors.notRetryable)
  retry(@Param('id', IdPipe) id: number): Promise<JobView> {
    return this.jobs.retry(id);
  }
}
