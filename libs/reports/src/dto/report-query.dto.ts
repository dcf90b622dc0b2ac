import { IsIn, Matches } from 'class-validator';
import { IsQueryId, IsQueryInt, MAX_PAGE_SIZE, Optional } from '@app/common';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = '$property must be a date YYYY-MM-DD (a business day in SHOP_TIMEZONE)';

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export const SALES_SORTS = [
  'period',
  'gmv',
  'orders',
  'buyers',
  'newBuyers',
  'averageOrderValue',
  'refunds',
  'refundAmount',
  'netSales',
] as const;
export type SalesSort = (typeof SALES_SORTS)[number];
export const PRODUCT_GROUPS = ['product', 'sku', 'category'] as const;
export type ProductGroup = (typeof PRODUCT_GROUPS)[number];
export const PRODUCT_SORTS = ['units', 'gmv', 'refundUnits', 'refundAmount', 'refundRate'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** A range of business days, both ends included. */
export class DayRangeQuery {
  /** First business day (YYYY-MM-DD). */
  @Matches(DATE, { message: DATE_MESSAGE })
  from!: string;

  /** Last business day (YYYY-MM-DD), included. */
  @Matches(DATE, { message: DATE_MESSAGE })
  to!: string;

  @Optional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** Sales by day, week (Monday first) or month; weeks and months are whole (the range is widened to them). */
export class SalesReportQuery extends DayRangeQuery {
  @Optional()
  @IsIn(GRANULARITIES)
  granularity?: 'day' | 'week' | 'month';

  /** Default: period, ascending. */
  @Optional()
  @IsIn(SALES_SORTS)
  sort?: SalesSort;
}

/** Sales by product, SKU or category (units, amount, and the refunds of those units since), a page at a time. */
export class ProductReportQuery extends DayRangeQuery {
  @Optional()
  @IsIn(PRODUCT_GROUPS)
  groupBy?: ProductGroup;

  /** Default: gmv, descending. */
  @Optional()
  @IsIn(PRODUCT_SORTS)
  sort?: ProductSort;

  /** Only this category's products. */
  @IsQueryId()
  categoryId?: number;

  /** Page (from 1) and rows per page (at most 100), as on every list. */
  @IsQueryInt(1, 100_000)
  page?: number;

  @IsQueryInt(1, MAX_PAGE_SIZE)
  pageSize?: number;
}

export const DISTRIBUTION_SORTS = ['gmv', 'orders', 'earned', 'frozen', 'settled', 'cancelled', 'withdrawalAmount', 'withdrawn'] as const;
export type DistributionSort = (typeof DISTRIBUTION_SORTS)[number];

/** Promoters over a range of business days: what they brought in, earned and withdrew, a page at a time. */
export class DistributionReportQuery extends DayRangeQuery {
  /** Default: gmv, descending. */
  @Optional()
  @IsIn(DISTRIBUTION_SORTS)
  sort?: DistributionSort;

  /** Only this promoter. */
  @IsQueryId()
  promoterId?: number;

  @IsQueryInt(1, 100_000)
  page?: number;

  @IsQueryInt(1, MAX_PAGE_SIZE)
  pageSize?: number;
}
