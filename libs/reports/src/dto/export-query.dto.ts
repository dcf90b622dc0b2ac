import { OmitType } from '@nestjs/swagger';
import { IsIn, IsISO8601 } from 'class-validator';
import { AdminAfterSaleListQuery } from '@app/after-sale';
import { AdminProductListQuery } from '@app/catalog';
import { IsText, Optional } from '@app/common';
import { AdminOrderListQuery } from '@app/orders';
import { RefundsQuery } from '@app/payments';
import { DistributionReportQuery, ProductReportQuery, SalesReportQuery } from './report-query.dto';

/*
 * An export's filters are its list's own query class, without the paging (an export has every row), plus `mode`:
 * `job` asks for a job whatever the size (202, the file fetched when ready); by default an export of at most
 * EXPORT_DIRECT_MAX_ROWS rows streams at once.
 */

export const EXPORT_MODES = ['auto', 'job'] as const;
export type ExportMode = (typeof EXPORT_MODES)[number];
const USER_STATUSES = ['active', 'disabled'] as const;
const NO_PAGES = ['page', 'pageSize'] as const;

/** As GET /admin/orders: one row per order line. */
export class OrderExportQuery extends OmitType(AdminOrderListQuery, NO_PAGES) {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** As GET /admin/after-sales. */
export class AfterSaleExportQuery extends OmitType(AdminAfterSaleListQuery, NO_PAGES) {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** As GET /admin/refunds, plus a creation range. */
export class RefundExportQuery extends OmitType(RefundsQuery, NO_PAGES) {
  /** Created at or after (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  from?: string;

  /** Created before (ISO 8601). */
  @Optional()
  @IsISO8601({ strict: true })
  to?: string;

  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** As GET /admin/products: one row per SKU of every product not deleted. */
export class InventoryExportQuery extends OmitType(AdminProductListQuery, NO_PAGES) {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** Shoppers with their paid orders: by status, and a nickname fragment or a whole phone number. */
export class CustomerExportQuery {
  @Optional()
  @IsIn(USER_STATUSES)
  status?: (typeof USER_STATUSES)[number];

  @Optional()
  @IsText(1, 50)
  keyword?: string;

  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

export class SalesReportExportQuery extends SalesReportQuery {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** The whole product report (every row, no pages). */
export class ProductReportExportQuery extends OmitType(ProductReportQuery, NO_PAGES) {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}

/** The whole distribution report (every promoter, no pages); phones masked unless the caller is an owner. */
export class DistributionReportExportQuery extends OmitType(DistributionReportQuery, NO_PAGES) {
  @Optional()
  @IsIn(EXPORT_MODES)
  mode?: ExportMode;
}
