import type { Sql } from '@app/database';
import type { DashboardTodos } from './dto/report-view.dto';
import { AFTER_SALES_WAITING, DEAD_JOBS, HELD_REVIEWS, LOW_STOCK_SKUS, ORDERS_TO_SHIP, REFUNDS_ABNORMAL } from './reports.sql';

/**
 * The dashboard's to-do counters, as data: a counter is a COUNT statement of reports.sql.ts (parameters: the low-stock
 * threshold, for those that take one). Counters of modules this service does not have yet (withdrawals) stay null:
 * when libs/distribution lands, its statement goes into reports.sql.ts and its line here, and the dashboard
 * answers a number (as held reviews did when libs/reviews landed).
 */
export const TODO_COUNTERS: Record<keyof DashboardTodos, { statement: Sql<{ n: number }>; threshold?: true } | null> = {
  ordersToShip: { statement: ORDERS_TO_SHIP },
  afterSalesWaiting: { statement: AFTER_SALES_WAITING },
  refundsAbnormal: { statement: REFUNDS_ABNORMAL },
  lowStockSkus: { statement: LOW_STOCK_SKUS, threshold: true },
  deadJobs: { statement: DEAD_JOBS },
  heldReviews: { statement: HELD_REVIEWS },
  withdrawalsWaiting: null,
};
