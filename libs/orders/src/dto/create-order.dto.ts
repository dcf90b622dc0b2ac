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

export class CheckoutPreviewDto {
  /** Explicit lines ("buy now"); or set fromCart to use the selected cart lines. */
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

  @IsOptional()
  @IsId()
  addressId?: number;
}

export class CreateOrderDto {
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

  @IsId()
  addressId!: number;

  @IsOptional()
  @IsText(0, 200)
  remark?: string;
}
