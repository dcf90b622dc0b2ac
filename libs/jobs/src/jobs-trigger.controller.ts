import { Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { bearerTokenMatches } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { JobRunner, type TickSummary } from './job-runner';
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

  @Post('tick')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run due sweeps and jobs now (Authorization: Bearer $JOBS_TRIGGER_TOKEN)' })
  tick(@Headers('authorization') authorization: string | undefined): Promise<TickSummary> {
    const token = this.config.jobs.triggerToken;
    if (!token) throw JobsErrors.triggerDisabled();
    if (!bearerTokenMatches(authorization, token)) throw JobsErrors.triggerForbidden();
    return this.runner.runDue();
  }
}
