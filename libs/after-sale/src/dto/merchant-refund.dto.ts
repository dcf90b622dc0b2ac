import { ArrayMaxSize, ArrayMinSize, IsArray } from 'class-validator';
import { IsNested, IsText, Optional } from '@app/common';
import { AfterSaleLineDto } from './after-sale.dto';

export class MerchantRefundDto {
  /** Items and quantities to refund; absent: everything still refundable (items in an open buyer request aside). */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsNested(() => AfterSaleLineDto, { each: true })
  items?: AfterSaleLineDto[];

  /** Why (shown to the buyer with the refund, kept in the request's history). */
  @IsText(1, 80)
  reason!: string;
}

export class CloseOrderDto {
  /** Why the order cannot ship (shown to the buyer with the refund). */
  @IsText(1, 80)
  reason!: string;
}
