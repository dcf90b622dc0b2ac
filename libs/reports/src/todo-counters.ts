import type { Sql } from '@app/database';
import type { DashboardTodos } from './dto/report-view.dto';
import {
  AFTER_SALES_WAITING,
  DEAD_JOBS,
  HELD_REVIEWS,
  LOW_STOCK_SKUS,
  ORDERS_TO_SHIP,
  REFUNDS_ABNORMAL,
  WITHDRAWALS_WAITING,
} from './reports.sql';

/**
 * The dashboard's to-do counters, as data: a counter is a COUNT statement of reports.sql.ts (parameters: the low-stock
 * threshold, for those that take one). A counter of a module the shop does not have stays null: a new module's
 * statement goes into reports.sql.ts and its line here (as held reviews and withdrawals did when they landed).
 */
export const TODO_COUNTERS: Record<keyof DashboardTodos, { statement: Sql<{ n: number }>; threshold?: true } | null> = {
  ordersToShip: { statement: ORDERS_TO_SHIP },
  afterSalesWaiting: { statement: AFTER_SALES_WAITING },
  refundsAbnormal: { statement: REFUNDS_ABNORMAL },
  lowStockSkus: { statement: LOW_STOCK_SKUS, threshold: true },
  deadJobs: { statement: DEAD_JOBS },
  heldReviews: { statement: HELD_REVIEWS },
  withdrawalsWaiting: { statement: WITHDRAWALS_WAITING },
};
