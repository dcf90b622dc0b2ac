import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { IsFen, IsId, IsImageRef, IsNested, IsQueryId, IsText, IsTrackingNo, Optional, PageQuery } from '@app/common';
import { IsExpressCompany } from '@app/wechat';
import {
  AFTER_SALE_REASON_CODES,
  AFTER_SALE_STATUSES,
  AFTER_SALE_TYPES,
  type AfterSaleStatus,
  type AfterSaleType,
} from '../after-sale-state';

export class AfterSaleLineDto {
  @IsId()
  orderItemId!: number;

  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;
}

export class QuoteAfterSaleDto {
  @IsId()
  orderId!: number;

  @IsIn(AFTER_SALE_TYPES)
  type!: AfterSaleType;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsNested(() => AfterSaleLineDto, { each: true })
  items!: AfterSaleLineDto[];
}

export class ApplyAfterSaleDto extends QuoteAfterSaleDto {
  /** A code from GET /after-sales/reasons. */
  @IsIn(AFTER_SALE_REASON_CODES)
  reason!: string;

  @Optional()
  @IsText(0, 500)
  description?: string;

  /** Photos: http(s) URLs or cloud:// file ids, at most 9. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(9)
  @IsImageRef({ each: true })
  images?: string[];
}

export class ReturnShipmentDto {
  @IsExpressCompany()
  expressCompany!: string;

  @IsTrackingNo()
  trackingNo!: string;
}

export class RefundablePreviewQuery {
  @IsQueryId({ required: true })
  orderId!: number;
}

export class ApproveAfterSaleDto {
  /** Lower the refund (fen); omit to refund what was asked. */
  @Optional()
  @IsFen(1)
  refundAmount?: number;

  @Optional()
  @IsText(0, 200)
  note?: string;
}

export class RejectAfterSaleDto {
  @IsText(1, 200)
  reason!: string;
}

export class AfterSaleListQuery extends PageQuery {
  @Optional()
  @IsIn(AFTER_SALE_STATUSES)
  status?: AfterSaleStatus;

  /** The requests of one order (an order page shows each item's after-sale state). */
  @IsQueryId()
  orderId?: number;
}

export class AdminAfterSaleListQuery extends AfterSaleListQuery {
  @Optional()
  @Matches(/^[0-9A-Za-z]{1,32}$/, { message: 'orderNo must be 1-32 letters or digits' })
  orderNo?: string;

  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  @Optional()
  @IsISO8601({ strict: true })
  to?: string;
}
