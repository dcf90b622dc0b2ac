import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { IsId, IsText } from '@app/common';

export const MAX_ORDER_LINES = 50;

export class OrderLineDto {
  @IsId()
  skuId!: number;

  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;
}

/** The lines of an order: explicit items ("buy now") or the selected cart lines. */
class OrderLinesDto {
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  items?: OrderLineDto[];

  @IsOptional()
  @Equals(true, { message: 'fromCart must be true when given' })
  fromCart?: true;
}

export class CheckoutPreviewDto extends OrderLinesDto {
  @IsOptional()
  @IsId()
  addressId?: number;
}

export class CreateOrderDto extends OrderLinesDto {
  @IsId()
  addressId!: number;

  @IsOptional()
  @IsText(0, 200)
  remark?: string;
}
