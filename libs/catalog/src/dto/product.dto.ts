import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';
import { Clearable, IsFen, IsId, IsImageRef, IsNested, IsText, Optional, PartialDto } from '@app/common';
import { PRODUCT_STATUSES, type ProductStatus } from '../product.entity';
import { MATRIX_LIMITS } from '../product-matrix';
import { IsImageList, IsTextList } from './validators';

/** The highest purchase limit an operator can set (units). */
export const MAX_PURCHASE_LIMIT = 100_000;

export class SpecDto {
  /** e.g. 颜色 */
  @IsText(1, MATRIX_LIMITS.nameLength)
  name!: string;

  /** Ordered values, e.g. ["白", "黑"]. */
  @IsTextList(1, MATRIX_LIMITS.valuesPerSpec, 1, MATRIX_LIMITS.valueLength)
  values!: string[];
}

export class SkuDto {
  /** Present for an SKU that already exists: it keeps its id and its stock. */
  @Optional()
  @IsId()
  id?: number;

  /** One value of each spec, in the order of `specs`; [] when the product has no specs. */
  @IsTextList(0, MATRIX_LIMITS.specs, 1, MATRIX_LIMITS.valueLength)
  specValues!: string[];

  @IsFen(1)
  price!: number;

  /** Strike-through price; >= price when given. */
  @Clearable()
  @IsFen(1)
  linePrice?: number | null;

  /** Initial stock of a new SKU (ignored for an SKU with `id`: stock changes through stock adjustments). */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(MATRIX_LIMITS.maxStock)
  stock?: number;

  /** Merchant SKU code. */
  @Optional()
  @IsText(0, 64)
  code?: string;

  @Clearable()
  @IsImageRef()
  image?: string | null;
}

export class CreateProductDto {
  @IsId()
  categoryId!: number;

  @IsText(1, 60)
  title!: string;

  @Optional()
  @IsText(0, 120)
  subtitle?: string;

  @IsImageRef()
  mainImage!: string;

  /** Gallery (up to 9). */
  @Optional()
  @IsImageList(9)
  images?: string[];

  /** Detail page images (up to 30). */
  @Optional()
  @IsImageList(30)
  detailImages?: string[];

  /** Purchase limit: at most this many units of the product (all SKUs together) in one order. Absent or null: no limit (null clears it). */
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(MAX_PURCHASE_LIMIT)
  limitPerOrder?: number | null;

  /**
   * Purchase limit: at most this many units of the product per shopper, counted over the shopper's live orders
   * (unpaid, paid, shipped, completed; refunded units and cancelled or expired orders do not count). Absent or
   * null: no limit (null clears it).
   */
  @Clearable()
  @IsInt()
  @Min(1)
  @Max(MAX_PURCHASE_LIMIT)
  limitPerUser?: number | null;

  @ApiPropertyOptional({ enum: PRODUCT_STATUSES, default: 'draft' })
  @Optional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @IsArray()
  @ArrayMaxSize(MATRIX_LIMITS.specs)
  @IsNested(() => SpecDto, { each: true })
  specs!: SpecDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MATRIX_LIMITS.skus)
  @IsNested(() => SkuDto, { each: true })
  skus!: SkuDto[];
}

/** Fields given are changed; `specs` and `skus` come together and replace the matrix. */
export class UpdateProductDto extends PartialDto(OmitType(CreateProductDto, ['specs', 'skus'] as const)) {
  @Optional()
  @IsArray()
  @ArrayMaxSize(MATRIX_LIMITS.specs)
  @IsNested(() => SpecDto, { each: true })
  specs?: SpecDto[];

  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MATRIX_LIMITS.skus)
  @IsNested(() => SkuDto, { each: true })
  skus?: SkuDto[];
}
