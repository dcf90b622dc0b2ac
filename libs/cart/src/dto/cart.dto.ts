import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsId, Optional } from '@app/common';

export const MAX_LINE_QUANTITY = 999;

export class AddCartItemDto {
  @IsId()
  skuId!: number;

  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity!: number;
}

export class UpdateCartItemDto {
  @Optional()
  @IsInt()
  @Min(1)
  @Max(MAX_LINE_QUANTITY)
  quantity?: number;

  @Optional()
  @IsBoolean()
  selected?: boolean;
}

export class SelectCartItemsDto {
  @IsBoolean()
  selected!: boolean;

  /** Omit to (un)select every line. */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsId({ each: true })
  itemIds?: number[];
}
