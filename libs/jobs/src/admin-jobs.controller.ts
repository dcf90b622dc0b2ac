import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import type { JobView } from './dto/job.mappers';
import { JobsQuery } from './dto/jobs-query.dto';
import { JobsService } from './jobs.service';

@ApiTags('admin')
@Controller('admin/jobs')
@AdminAuth('owner')
export class AdminJobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  list(@Query() q: JobsQuery): Promise<Page<JobView>> {
    return this.jobs.list(q);
  }

  @Post(':id/retry')
  @HttpCode(200)
  retry(@Param('id', IdPipe) id: number): Promise<JobView> {
    return this.jobs.retry(id);
  }
}
