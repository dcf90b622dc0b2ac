import { IsIn, IsISO8601, Matches } from 'class-validator';
import { IsQueryId, Optional, PageQuery } from '@app/common';
import { ORDER_STATUSES, type OrderStatus } from '../order-state';

export class OrderListQuery extends PageQuery {
  @Optional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;
}

export class AdminOrderListQuery extends OrderListQuery {
  @Optional()
  @Matches(/^[0-9A-Za-z]{1,32}$/, { message: 'orderNo must be 1-32 letters or digits' })
  orderNo?: string;

  @IsQueryId()
  userId?: number;

  /** Created at or after (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}
