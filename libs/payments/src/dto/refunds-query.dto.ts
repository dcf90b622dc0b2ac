import { IsIn, IsOptional } from 'class-validator';
import { IsQueryId, PageQuery } from '@app/common';
import type { RefundStatus } from '../refund.entity';

export class RefundsQuery extends PageQuery {
  @IsOptional()
  @IsIn(['pending', 'processing', 'succeeded', 'closed', 'abnormal'])
  status?: RefundStatus;

  @IsQueryId()
  orderId?: number;
}
