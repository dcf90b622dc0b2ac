import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsQueryId, IsQueryInt, IsText, MAX_FEN, Optional, PageQuery } from '@app/common';
import { PRODUCT_STATUSES, type ProductStatus } from '../product.entity';

export const PRODUCT_SORTS = ['default', 'price_asc', 'price_desc', 'sales', 'newest'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
/** Sorts by listing time (their cursor holds a date). */
export const TIME_SORTS: readonly ProductSort[] = ['default', 'newest'];

export class ProductListQuery extends PageQuery {
  /** A top category includes its subcategories. */
  @IsQueryId()
  categoryId?: number;

  /**
   * Search words: matched against title, subtitle, category names, spec values and SKU codes (Chinese by character,
   * Latin words and digits case-insensitively); every character or word must be present. With `sort=default` the
   * best match comes first (title over subtitle over the rest, then sales).
   */
  @Optional()
  @IsText(1, 50)
  keyword?: string;

  /** Lowest "from" price (`minPrice` of the card), fen. */
  @IsQueryInt(0, MAX_FEN)
  minPrice?: number;

  /** Highest "from" price, fen. */
  @IsQueryInt(0, MAX_FEN)
  maxPrice?: number;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, default: 'default' })
  @Optional()
  @IsIn(PRODUCT_SORTS)
  sort?: ProductSort;

  /**
   * The previous page's `nextCursor`: the page after it, read by seeking (deep pages cost what the first does).
   * Without it, `page` works as before. Ignored with `keyword`.
   */
  @Optional()
  @IsText(1, 200)
  cursor?: string;
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
