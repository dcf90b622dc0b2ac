import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsQueryId, IsText, Optional, PageQuery } from '@app/common';
import { PRODUCT_STATUSES, type ProductStatus } from '../product.entity';

export const PRODUCT_SORTS = ['default', 'price_asc', 'price_desc', 'sales', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export class ProductListQuery extends PageQuery {
  /** A top category includes its subcategories. */
  @IsQueryId()
  categoryId?: number;

  /** Matches title and subtitle. */
  @Optional()
  @IsText(1, 50)
  keyword?: string;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, default: 'default' })
  @Optional()
  @IsIn(PRODUCT_SORTS)
  sort?: ProductSort;
}

export class AdminProductListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PRODUCT_STATUSES })
  @Optional()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  /** A top category includes its subcategories. */
  @IsQueryId()
  categoryId?: number;

  @Optional()
  @IsText(1, 50)
  keyword?: string;
}
