import { IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { IsId, IsQueryId, Optional, PageOf, PageQuery } from '@app/common';
import type { OrderStatus } from '../order-state';
import { PICKUP_STATUSES, type PickupStatus } from '../pickup-state';

export class PickupListQuery extends PageQuery {
  @Optional()
  @IsIn(PICKUP_STATUSES)
  status?: PickupStatus;

  /** One store's pick-ups (store staff always see their own store's only). */
  @IsQueryId()
  storeId?: number;

  /** `true`: ready, still paid, and past their due time: not collected, for the operator to refund or extend. */
  @Optional()
  @IsIn(['true'])
  unclaimed?: 'true';
}

export class VerifyPickupDto {
  /** The buyer's 8-digit code, or the text of their QR code (`wxmall:pickup:<orderNo>:<code>`). */
  @Matches(/^(\d{8}|wxmall:pickup:[0-9A-Za-z]{1,32}:\d{8})$/, { message: 'code must be the 8-digit code or the QR code text' })
  code!: string;

  /** The store (operators with a bare code; store staff: always their own store). */
  @Optional()
  @IsId()
  storeId?: number;
}

export class ExtendPickupDto {
  /** Days from now the order may still be collected. */
  @IsInt()
  @Min(1)
  @Max(60)
  days!: number;
}

export class AdminPickupView {
  orderId!: number;
  orderNo!: string;
  orderStatus!: OrderStatus;
  storeId!: number;
  storeName!: string;
  pickerName!: string;
  pickerPhone!: string;
  status!: PickupStatus;
  payAmount!: number;
  paidAt!: string | null;
  readyAt!: string | null;
  dueAt!: string | null;
  pickedUpAt!: string | null;
}

export class AdminPickupPage extends PageOf(AdminPickupView) {}
