import { PageOf } from '@app/common';

/** A business day's (or period's) sales. Money in fen. */
export class SalesFigures {
  /** Paid amount of the orders paid in the period (GMV). */
  gmv!: number;
  /** Orders paid in the period. */
  orders!: number;
  /** Distinct paying buyers. */
  buyers!: number;
  /** Buyers whose first payment ever falls in the period. */
  newBuyers!: number;
  /** gmv / orders, rounded down (0 without orders). */
  averageOrderValue!: number;
  /** Refunds that succeeded in the period. */
  refunds!: number;
  refundAmount!: number;
  /** gmv - refundAmount. */
  netSales!: number;
}

export class SalesRow extends SalesFigures {
  /** First business day of the period (YYYY-MM-DD). */
  period!: string;
}

export class SalesTotals {
  gmv!: number;
  orders!: number;
  newBuyers!: number;
  averageOrderValue!: number;
  refunds!: number;
  refundAmount!: number;
  netSales!: number;
}

export class SalesReport {
  granularity!: 'day' | 'week' | 'month';
  /** The range served: weeks and months are whole. */
  from!: string;
  to!: string;
  /** SHOP_TIMEZONE: the days' time zone. */
  timeZone!: string;
  rows!: SalesRow[];
  totals!: SalesTotals;
  /** When the live part (today, the current week or month) was read from the orders; null when the range ends before today. */
  liveAt!: string | null;
}

export class ProductReportRow {
  /** product:<id>, sku:<id> or category:<id>. */
  key!: string;
  productId!: number | null;
  skuId!: number | null;
  categoryId!: number | null;
  /** Product title, or category name. */
  name!: string;
  specText!: string | null;
  /** Units paid in the range. */
  units!: number;
  /** What they sold for (fen). */
  gmv!: number;
  /** Of those units, refunded since. */
  refundUnits!: number;
  refundAmount!: number;
  /** refundUnits / units (0-1, four decimals). */
  refundRate!: number;
}

export class ProductReportPage extends PageOf(ProductReportRow) {}

export class DaySummary extends SalesFigures {
  /** The business day (YYYY-MM-DD). */
  day!: string;
  /** Units sold. */
  units!: number;
}

export class TopProduct {
  productId!: number;
  title!: string;
  units!: number;
  gmv!: number;
}

/** What needs an operator now. A counter is null where its module is not part of this service. */
export class DashboardTodos {
  /** Paid orders waiting to ship. */
  ordersToShip!: number;
  /** After-sale requests waiting for a decision, a returned parcel or a refund retry. */
  afterSalesWaiting!: number;
  /** Refunds WeChat Pay reports abnormal. */
  refundsAbnormal!: number;
  /** Enabled SKUs at or below LOW_STOCK_THRESHOLD. */
  lowStockSkus!: number;
  /** Jobs that ran out of attempts. */
  deadJobs!: number;
  /** Reviews (or their follow-ups) held for an operator's decision. */
  heldReviews!: number | null;
  /** Promoters' withdrawals waiting (null until the distribution module exists). */
  withdrawalsWaiting!: number | null;
}

export class DashboardView {
  timeZone!: string;
  today!: DaySummary;
  yesterday!: DaySummary;
  /** Oldest first, today last (today live). */
  last7Days!: DaySummary[];
  last30Days!: DaySummary[];
  /** Top products of the last 7 days by amount. */
  topProducts!: TopProduct[];
  todos!: DashboardTodos;
  /** When these figures were read from the orders (REPORTS_LIVE_MAX_AGE_MS: each instance rereads them every few seconds). */
  generatedAt!: string;
  /** How old the figures were when served, ms. */
  ageMs!: number;
}

/** A promoter's figures over a period. Money in fen. */
export class DistributionFigures {
  /** Orders paid in the period that earned the promoter commission (either level). */
  orders!: number;
  /** The goods' paid amount those commissions were computed on (shipping excluded). */
  gmv!: number;
  /** What the commissions earned at payment. */
  earned!: number;
  /** What is left of them, still frozen. */
  frozen!: number;
  /** What is left of them, settled (withdrawable). */
  settled!: number;
  /** What refunds took back (earned - frozen - settled). */
  cancelled!: number;
  /** Withdrawals applied for in the period, and their amount. */
  withdrawals!: number;
  withdrawalAmount!: number;
  /** Paid out (succeeded) in the period. */
  withdrawn!: number;
}

export class DistributionReportRow extends DistributionFigures {
  promoterId!: number;
  code!: string;
  status!: string;
  userId!: number;
  nickname!: string;
}
export class DistributionReportRowPage extends PageOf(DistributionReportRow) {}

export class DistributionReport {
  /** The first and last business day covered (YYYY-MM-DD, both included) and the shop's time zone. */
  from!: string;
  to!: string;
  timeZone!: string;
  promoters!: DistributionReportRowPage;
  /** Every promoter of the report together (not only this page). */
  totals!: DistributionFigures;
}
