import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/access';
import { ApiErrors, bearerTokenMatches } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import type { TickSummary } from './dto/job-view.dto';
import { JobRunner } from './job-runner';
import { JobsErrors } from './jobs.errors';

/** For scale-to-zero deployments: an external scheduler calls this to run due periodic work. */
@ApiTags('platform')
@Controller('internal/jobs')
@Public()
export class JobsTriggerController {
  constructor(
    private readonly runner: JobRunner,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Run due sweeps and jobs now.
   * @remarks For an external scheduler: `Authorization: Bearer $JOBS_TRIGGER_TOKEN`; 404 when JOBS_TRIGGER_TOKEN is unset.
   */
  @Post('tick')
  @HttpCode(200)
  @ApiOperation({ operationId: 'runJobsTick' })
  @ApiErrors(JobsErrors.triggerForbidden, JobsErrors.triggerDisabled)
  tick(@Headers('authorization') authorization: string | undefined): Promise<TickSummary> {
    const token = this.config.jobs.triggerToken;
    if (!token) throw JobsErrors.triggerDisabled();
    if (!bearerTokenMatches(authorization, token)) throw JobsErrors.triggerForbidden();
    return this.runner.runDue();
  }
}
