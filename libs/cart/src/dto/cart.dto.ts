import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsId, Optional } from '@app/common';

export const MAX_LINE_QUANTITY = 999;

export type CartLineProblem = 'sku_disabled' | 'off_sale' | 'deleted' | 'not_found' | 'out_of_stock' | 'stock_short';

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

export class CartLineView {
  id!: number;
  skuId!: number;
  productId!: number;
  title!: string;
  specText!: string;
  image!: string;
  /** Live price from the catalog, fen. */
  price!: number;
  linePrice!: number | null;
  quantity!: number;
  stock!: number;
  selected!: boolean;
  /** price x quantity. */
  lineTotal!: number;
}

export class InvalidCartLineView extends CartLineView {
  reason!: CartLineProblem;
}

export class CartTotals {
  /** Selected valid lines. */
  selectedCount!: number;
  selectedQuantity!: number;
  itemsTotal!: number;
}

export class CartView {
  items!: CartLineView[];
  /** Lines that cannot be bought as they are (gone, off sale, short of stock), with the reason. */
  invalidItems!: InvalidCartLineView[];
  totals!: CartTotals;
}
