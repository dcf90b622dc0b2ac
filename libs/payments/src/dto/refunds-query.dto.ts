import { IsIn } from 'class-validator';
import { IsQueryId, Optional, PageQuery } from '@app/common';
import type { RefundStatus } from '../refund.entity';

export class RefundsQuery extends PageQuery {
  @Optional()
  @IsIn(['pending', 'processing', 'succeeded', 'closed', 'abnormal'])
  status?: RefundStatus;

  @IsQueryId()
  orderId?: number;
}
