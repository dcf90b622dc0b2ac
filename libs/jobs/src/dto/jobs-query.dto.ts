import { IsIn, IsOptional } from 'class-validator';
import { IsText, PageQuery } from '@app/common';
import type { JobStatus } from '../job.entity';

export class JobsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['pending', 'running', 'done', 'dead'])
  status?: JobStatus;

  @IsOptional()
  @IsText(1, 64)
  type?: string;
}
