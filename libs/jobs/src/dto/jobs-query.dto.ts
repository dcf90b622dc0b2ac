import { IsIn } from 'class-validator';
import { IsText, Optional, PageQuery } from '@app/common';
import type { JobStatus } from '../job.entity';

export class JobsQuery extends PageQuery {
  @Optional()
  @IsIn(['pending', 'running', 'done', 'dead'])
  status?: JobStatus;

  @Optional()
  @IsText(1, 64)
  type?: string;
}
