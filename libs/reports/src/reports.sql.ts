import { AFTER_SALE_STATUSES, type AfterSaleStatus } from '@app/after-sale';
import { insertInto, marks, sql, sqlFn, sqlLiterals } from '@app/database';
import { ORDER_STATUSES } from '@app/orders';
import type { RefundStatus } from '@app/payments';
import type { JobStatus } from '@app/jobs';
import type { ReviewModeration } from '@app/reviews';
import type { CommissionStatus, WithdrawalStatus } from '@app/distribution';
import type { ReportDay, ReportPeriod, ReportSkuDay } from './rollup.entities';

/*
 * reports' hand-written SQL (architecture.md: the one lib that reads other libs' tables directly). Everything that
 * reads another lib's table is a SELECT; the only writes are to reports' own tables (report_*). Written so the
 * embedded demo driver runs them too: no upserts, no date functions (business days are computed in code and given
 * as UTC ranges, business-calendar.ts).
 */

const O = sqlLiterals(ORDER_STATUSES);
const AS = sqlLiterals(AFTER_SALE_STATUSES);
const R = sqlLiterals(['succeeded', 'abnormal'] as const satisfies readonly RefundStatus[]);
const J = sqlLiterals(['dead'] as const satisfies readonly JobStatus[]);
const RV = sqlLiterals(['held'] as const satisfies readonly ReviewModeration[]);
const W = sqlLiterals(['applied', 'succeeded'] as const satisfies readonly WithdrawalStatus[]);
const CS = sqlLiterals(['frozen', 'settled'] as const satisfies readonly CommissionStatus[]);

// ---------------------------------------------------------------------------------------------------------------
// The rollups' source: what a day sold. These are THE definitions of the figures; the live part of today and the
// rollups both run them, and the rebuild too.

/** What one order line sold for: its paid amount (the line total less its share of a coupon's discount). */
const LINE_SOLD_FOR = 'oi.paid_amount';

/** A paid order is one with `paid_at` (a payment arriving for a cancelled order never sets it: it is refunded instead). */
export interface PaidFacts {
  orders: number;
  gmv: number;
  buyers: number;
}
/** Orders paid in [from, to): count, paid amount, distinct buyers. Parameters: from, to. */
export const PAID_ORDERS = sql<PaidFacts>(
  'SELECT COUNT(*) AS orders, COALESCE(SUM(paid_amount), 0) AS gmv, COUNT(DISTINCT user_id) AS buyers FROM orders ' +
    'WHERE paid_at >= ? AND paid_at < ?',
);

/** Buyers paying in [from, to) who had never paid before `from`. Parameters: from, to, from. */
export const NEW_BUYERS = sql<{ n: number }>(
  'SELECT COUNT(DISTINCT o.user_id) AS n FROM orders o WHERE o.paid_at >= ? AND o.paid_at < ? ' +
    'AND NOT EXISTS (SELECT 1 FROM orders p WHERE p.user_id = o.user_id AND p.paid_at < ?)',
);

/** Refunds that succeeded in [from, to), late-payment refunds (never a sale) left out. Parameters: from, to. */
export const SUCCEEDED_REFUNDS = sql<{ refunds: number; amount: number }>(
  'SELECT COUNT(*) AS refunds, COALESCE(SUM(amount), 0) AS amount FROM refund ' +
    `WHERE succeeded_at >= ? AND succeeded_at < ? AND status = ${R.succeeded} AND late_payment = 0`,
);

export type SkuFacts = Pick<ReportSkuDay, 'skuId' | 'productId' | 'units' | 'gmv' | 'refundUnits' | 'refundAmount'>;
/** Per SKU, the lines of orders paid in [from, to) and what of them was refunded since. Parameters: from, to. */
export const PAID_SKUS = sql<SkuFacts>(
  'SELECT oi.sku_id AS skuId, oi.product_id AS productId, SUM(oi.quantity) AS units, ' +
    `SUM(${LINE_SOLD_FOR}) AS gmv, SUM(oi.refunded_quantity) AS refundUnits, SUM(oi.refunded_amount) AS refundAmount ` +
    'FROM orders o JOIN order_item oi ON oi.order_id = o.id WHERE o.paid_at >= ? AND o.paid_at < ? ' +
    'GROUP BY oi.sku_id, oi.product_id',
);

/** The first payment ever (where a rebuild starts). */
export const FIRST_PAID_AT = sql<{ t: unknown }>('SELECT MIN(paid_at) AS t FROM orders');

// ---------------------------------------------------------------------------------------------------------------
// Events the rollup sweep follows (by primary key, from its watermark).

export interface OrderEventRow {
  id: number;
  toStatus: string;
  createdAt: unknown;
  paidAt: unknown;
}
/** Order events after the watermark, with the order's paid_at. Parameters: after id, limit. */
export const ORDER_EVENTS_AFTER = sql<OrderEventRow>(
  'SELECT e.id AS id, e.to_status AS toStatus, e.created_at AS createdAt, o.paid_at AS paidAt ' +
    'FROM order_event e JOIN orders o ON o.id = e.order_id WHERE e.id > ? ORDER BY e.id LIMIT ?',
);

export interface RefundEventRow extends OrderEventRow {
  succeededAt: unknown;
}
/** Refund events after the watermark, with the refund's success time and its order's paid_at. Parameters: after id, limit. */
export const REFUND_EVENTS_AFTER = sql<RefundEventRow>(
  'SELECT e.id AS id, e.to_status AS toStatus, e.created_at AS createdAt, r.succeeded_at AS succeededAt, o.paid_at AS paidAt ' +
    'FROM refund_event e JOIN refund r ON r.id = e.refund_id JOIN orders o ON o.id = r.order_id WHERE e.id > ? ORDER BY e.id LIMIT ?',
);

export const LAST_EVENT_IDS = sql<{ orderEventId: number | null; refundEventId: number | null }>(
  'SELECT (SELECT MAX(id) FROM order_event) AS orderEventId, (SELECT MAX(id) FROM refund_event) AS refundEventId',
);

// ---------------------------------------------------------------------------------------------------------------
// Reports' own tables.

/** Creates the state row once (a no-op when it exists: the caller ignores the duplicate). Parameters: updated_at. */
export const INSERT_ROLLUP_STATE = sql(
  'INSERT INTO report_rollup_state (id, order_event_id, refund_event_id, updated_at) ' +
    'SELECT 1, 0, 0, ? FROM (SELECT 1 AS one) x WHERE NOT EXISTS (SELECT 1 FROM report_rollup_state WHERE id = 1)',
);
/** The watermark, locked: one rollup at a time across instances. */
export const LOCK_ROLLUP_STATE = sql<{ orderEventId: number; refundEventId: number }>(
  'SELECT order_event_id AS orderEventId, refund_event_id AS refundEventId FROM report_rollup_state WHERE id = 1 FOR UPDATE',
);
/** Parameters: order_event_id, refund_event_id, updated_at. */
export const SET_ROLLUP_STATE = sql('UPDATE report_rollup_state SET order_event_id = ?, refund_event_id = ?, updated_at = ? WHERE id = 1');

export const DELETE_DAY = sql('DELETE FROM report_day WHERE day = ?');
export const INSERT_DAY = insertInto<ReportDay>('report_day', [
  'day',
  'orders',
  'gmv',
  'buyers',
  'newBuyers',
  'units',
  'refunds',
  'refundAmount',
  'updatedAt',
]);
export const DELETE_SKU_DAY = sql('DELETE FROM report_sku_day WHERE day = ?');
export const SKU_DAY_COLUMNS = ['day', 'skuId', 'productId', 'units', 'gmv', 'refundUnits', 'refundAmount'] as const;
export const insertSkuDays = sqlFn((rows: number) => insertInto<ReportSkuDay>('report_sku_day', SKU_DAY_COLUMNS, rows), [[1], [3]]);
export const DELETE_PERIOD = sql('DELETE FROM report_period WHERE granularity = ? AND period_start = ?');
export const INSERT_PERIOD = insertInto<ReportPeriod>('report_period', ['granularity', 'periodStart', 'buyers', 'updatedAt']);
/** Rows left from before the first payment (a rebuild of a database whose orders were deleted). Parameters: day. */
export const DELETE_DAYS_BEFORE = sql('DELETE FROM report_day WHERE day < ?');
export const DELETE_SKU_DAYS_BEFORE = sql('DELETE FROM report_sku_day WHERE day < ?');
export const DELETE_PERIODS_BEFORE = sql('DELETE FROM report_period WHERE period_start < ?');

export type DayRow = Omit<ReportDay, 'updatedAt'>;
/** Rolled-up days in [from, to]. Parameters: from day, to day. */
export const DAYS_BETWEEN = sql<DayRow>(
  'SELECT day, orders, gmv, buyers, new_buyers AS newBuyers, units, refunds, refund_amount AS refundAmount FROM report_day ' +
    'WHERE day >= ? AND day <= ? ORDER BY day',
);
/** Distinct buyers of whole weeks or months starting in [from, to]. Parameters: granularity, from day, to day. */
export const PERIODS_BETWEEN = sql<{ periodStart: number; buyers: number }>(
  'SELECT period_start AS periodStart, buyers FROM report_period WHERE granularity = ? AND period_start >= ? AND period_start <= ?',
);

export type SkuTotals = Omit<SkuFacts, never>;
/** Rolled-up SKU days in [from, to], summed per SKU. Parameters: from day, to day. */
export const SKUS_BETWEEN = sql<SkuTotals>(
  'SELECT sku_id AS skuId, product_id AS productId, SUM(units) AS units, SUM(gmv) AS gmv, SUM(refund_units) AS refundUnits, ' +
    'SUM(refund_amount) AS refundAmount FROM report_sku_day WHERE day >= ? AND day <= ? GROUP BY sku_id, product_id',
);

// ---------------------------------------------------------------------------------------------------------------
// Names for report rows (current catalog: a product renamed since reads with its new name).

export interface SkuName {
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  code: string;
  categoryId: number;
  categoryName: string;
}
export const skuNames = sqlFn(
  (n: number) =>
    sql<SkuName>(
      'SELECT s.id AS skuId, s.product_id AS productId, p.title AS title, s.spec_text AS specText, s.code AS code, ' +
        'p.category_id AS categoryId, COALESCE(c.name, ?) AS categoryName FROM sku s JOIN product p ON p.id = s.product_id ' +
        `LEFT JOIN category c ON c.id = p.category_id WHERE s.id IN (${marks(n)})`,
    ),
  [[1], [3]],
);

// ---------------------------------------------------------------------------------------------------------------
// The dashboard's to-do counters (each on an index of its table).

export const ORDERS_TO_SHIP = sql<{ n: number }>(`SELECT COUNT(*) AS n FROM orders WHERE status = ${O.paid}`);
const WAITING: readonly AfterSaleStatus[] = ['requested', 'returning', 'refund_failed'];
export const AFTER_SALES_WAITING = sql<{ n: number }>(
  `SELECT COUNT(*) AS n FROM after_sale WHERE status IN (${WAITING.map((s) => AS[s]).join(', ')})`,
);
export const REFUNDS_ABNORMAL = sql<{ n: number }>(`SELECT COUNT(*) AS n FROM refund WHERE status = ${R.abnormal}`);
/** Enabled SKUs of live products at or below the threshold (as GET /admin/skus/low-stock counts them). Parameters: threshold. */
export const LOW_STOCK_SKUS = sql<{ n: number }>(
  "SELECT COUNT(*) AS n FROM sku s JOIN product p ON p.id = s.product_id AND p.deleted_at IS NULL WHERE s.status = 'enabled' AND s.stock <= ?",
);
export const DEAD_JOBS = sql<{ n: number }>(`SELECT COUNT(*) AS n FROM job WHERE status = ${J.dead}`);

// ---------------------------------------------------------------------------------------------------------------
// CSV exports: keyset batches (newest first, `id < ?`), optional filters as on the lists, only the columns written.

/** Clauses of an export's optional filters, in parameter order after the keyset id. */
function where(clauses: Record<string, string>, on: Record<string, boolean>): string {
  return Object.entries(clauses)
    .filter(([k]) => on[k])
    .map(([, c]) => ` AND ${c}`)
    .join('');
}

export interface OrderFilterFlags {
  status: boolean;
  orderNo: boolean;
  userId: boolean;
  from: boolean;
  to: boolean;
}
const ORDER_FILTERS = {
  status: 'status = ?',
  orderNo: 'order_no = ?',
  userId: 'user_id = ?',
  from: 'created_at >= ?',
  to: 'created_at < ?',
};
const NO_ORDER_FILTER: OrderFilterFlags = { status: false, orderNo: false, userId: false, from: false, to: false };
const ALL_ORDER_FILTERS: OrderFilterFlags = { status: true, orderNo: true, userId: true, from: true, to: true };

export interface OrderExportRow {
  id: number;
  orderNo: string;
  userId: number;
  status: string;
  shippingFee: number;
  payAmount: number;
  paidAmount: number;
  refundedAmount: number;
  address: string;
  remark: string;
  createdAt: unknown;
  paidAt: unknown;
}
/** A batch of orders, newest first, in primary-key order (no sort). Parameters: before id, the filters' values, limit. */
export const exportOrders = sqlFn(
  (f: OrderFilterFlags) =>
    sql<OrderExportRow>(
      'SELECT id, order_no AS orderNo, user_id AS userId, status, shipping_fee AS shippingFee, pay_amount AS payAmount, ' +
        'paid_amount AS paidAmount, refunded_amount AS refundedAmount, address, remark, created_at AS createdAt, paid_at AS paidAt ' +
        `FROM orders WHERE id < ?${where(ORDER_FILTERS, { ...f })} ORDER BY id DESC LIMIT ?`,
    ),
  [[NO_ORDER_FILTER], [ALL_ORDER_FILTERS]],
);
/** Orders matching, counted up to a limit (enough to choose between streaming and a job). Parameters: filters, limit. */
export const countOrdersUpTo = sqlFn(
  (f: OrderFilterFlags) =>
    sql<{ n: number }>(`SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM orders WHERE id > 0${where(ORDER_FILTERS, { ...f })} LIMIT ?) x`),
  [[NO_ORDER_FILTER], [ALL_ORDER_FILTERS]],
);

export interface OrderItemExportRow {
  orderId: number;
  id: number;
  productId: number;
  skuId: number;
  title: string;
  specText: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
  refundedQuantity: number;
  refundedAmount: number;
}
/**
 * The items of the given orders in the order of idx_order_item_order (order id, then item id): read from the index
 * with no sort. Joined to the orders and sorted in one statement, the orders' TEXT columns made MariaDB sort through
 * an on-disk temporary table per batch, which once failed mid-export ("Error on delete of '?'", EE_DELETE).
 */
export const exportOrderItems = sqlFn(
  (n: number) =>
    sql<OrderItemExportRow>(
      'SELECT order_id AS orderId, id, product_id AS productId, sku_id AS skuId, title, spec_text AS specText, ' +
        'unit_price AS unitPrice, quantity, line_total AS lineTotal, refunded_quantity AS refundedQuantity, ' +
        `refunded_amount AS refundedAmount FROM order_item WHERE order_id IN (${marks(n)}) ORDER BY order_id, id`,
    ),
  [[1], [3]],
);

export interface AfterSaleFilterFlags {
  status: boolean;
  orderId: boolean;
  orderNo: boolean;
  from: boolean;
  to: boolean;
}
const AFTER_SALE_FILTERS = {
  status: 'a.status = ?',
  orderId: 'a.order_id = ?',
  orderNo: 'a.order_no = ?',
  from: 'a.created_at >= ?',
  to: 'a.created_at < ?',
};
export interface AfterSaleRow {
  id: number;
  afterSaleNo: string;
  orderNo: string;
  userId: number;
  type: string;
  status: string;
  reason: string;
  requestedAmount: number;
  refundAmount: number;
  returnCompany: string | null;
  returnTrackingNo: string | null;
  createdAt: unknown;
  closedAt: unknown;
}
/** Parameters: before id, filters, limit. */
export const exportAfterSales = sqlFn(
  (f: AfterSaleFilterFlags) =>
    sql<AfterSaleRow>(
      'SELECT a.id AS id, a.after_sale_no AS afterSaleNo, a.order_no AS orderNo, a.user_id AS userId, a.type AS type, ' +
        'a.status AS status, a.reason AS reason, a.requested_amount AS requestedAmount, a.refund_amount AS refundAmount, ' +
        'a.return_company AS returnCompany, a.return_tracking_no AS returnTrackingNo, a.created_at AS createdAt, a.closed_at AS closedAt ' +
        `FROM after_sale a WHERE a.id < ?${where(AFTER_SALE_FILTERS, { ...f })} ORDER BY a.id DESC LIMIT ?`,
    ),
  [
    [{ status: false, orderId: false, orderNo: false, from: false, to: false }],
    [{ status: true, orderId: true, orderNo: true, from: true, to: true }],
  ],
);
export const countAfterSalesUpTo = sqlFn(
  (f: AfterSaleFilterFlags) =>
    sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM after_sale a WHERE a.id > 0${where(AFTER_SALE_FILTERS, { ...f })} LIMIT ?) x`,
    ),
  [[{ status: true, orderId: true, orderNo: true, from: true, to: true }]],
);

export interface RefundFilterFlags {
  status: boolean;
  orderId: boolean;
  from: boolean;
  to: boolean;
}
const REFUND_FILTERS = { status: 'r.status = ?', orderId: 'r.order_id = ?', from: 'r.created_at >= ?', to: 'r.created_at < ?' };
export interface RefundRow {
  id: number;
  outRefundNo: string;
  orderNo: string;
  afterSaleId: number | null;
  amount: number;
  status: string;
  reason: string;
  latePayment: number;
  wechatRefundId: string | null;
  createdAt: unknown;
  succeededAt: unknown;
}
export const exportRefunds = sqlFn(
  (f: RefundFilterFlags) =>
    sql<RefundRow>(
      'SELECT r.id AS id, r.out_refund_no AS outRefundNo, o.order_no AS orderNo, r.after_sale_id AS afterSaleId, r.amount AS amount, ' +
        'r.status AS status, r.reason AS reason, r.late_payment AS latePayment, r.wechat_refund_id AS wechatRefundId, ' +
        'r.created_at AS createdAt, r.succeeded_at AS succeededAt FROM refund r JOIN orders o ON o.id = r.order_id ' +
        `WHERE r.id < ?${where(REFUND_FILTERS, { ...f })} ORDER BY r.id DESC LIMIT ?`,
    ),
  [[{ status: false, orderId: false, from: false, to: false }], [{ status: true, orderId: true, from: true, to: true }]],
);
export const countRefundsUpTo = sqlFn(
  (f: RefundFilterFlags) =>
    sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM refund r WHERE r.id > 0${where(REFUND_FILTERS, { ...f })} LIMIT ?) x`,
    ),
  [[{ status: true, orderId: true, from: true, to: true }]],
);

export interface InventoryFilterFlags {
  status: boolean;
  categoryId: boolean;
  keyword: boolean;
}
/** A top category includes its subcategories (as the product list filters). */
const INVENTORY_FILTERS = {
  status: 'p.status = ?',
  categoryId: '(p.category_id = ? OR p.category_id IN (SELECT c2.id FROM category c2 WHERE c2.parent_id = ?))',
  keyword: "p.title LIKE ? ESCAPE '!'",
};
export interface InventoryRow {
  skuId: number;
  productId: number;
  title: string;
  categoryName: string | null;
  productStatus: string;
  code: string;
  specText: string;
  price: number;
  stock: number;
  salesCount: number;
  skuStatus: string;
}
export const exportInventory = sqlFn(
  (f: InventoryFilterFlags) =>
    sql<InventoryRow>(
      'SELECT s.id AS skuId, s.product_id AS productId, p.title AS title, c.name AS categoryName, p.status AS productStatus, ' +
        's.code AS code, s.spec_text AS specText, s.price AS price, s.stock AS stock, s.sales_count AS salesCount, s.status AS skuStatus ' +
        'FROM sku s JOIN product p ON p.id = s.product_id AND p.deleted_at IS NULL LEFT JOIN category c ON c.id = p.category_id ' +
        `WHERE s.id < ?${where(INVENTORY_FILTERS, { ...f })} ORDER BY s.id DESC LIMIT ?`,
    ),
  [[{ status: false, categoryId: false, keyword: false }], [{ status: true, categoryId: true, keyword: true }]],
);
export const countInventoryUpTo = sqlFn(
  (f: InventoryFilterFlags) =>
    sql<{ n: number }>(
      'SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM sku s JOIN product p ON p.id = s.product_id AND p.deleted_at IS NULL ' +
        `WHERE s.id > 0${where(INVENTORY_FILTERS, { ...f })} LIMIT ?) x`,
    ),
  [[{ status: true, categoryId: true, keyword: true }]],
);

export interface CustomerFilterFlags {
  status: boolean;
  keyword: boolean;
}
const CUSTOMER_FILTERS = { status: 'u.status = ?', keyword: "(u.nickname LIKE ? ESCAPE '!' OR u.phone = ?)" };
export interface CustomerRow {
  id: number;
  openid: string;
  nickname: string;
  phone: string | null;
  status: string;
  createdAt: unknown;
}
export const exportCustomers = sqlFn(
  (f: CustomerFilterFlags) =>
    sql<CustomerRow>(
      'SELECT u.id AS id, u.openid AS openid, u.nickname AS nickname, u.phone AS phone, u.status AS status, u.created_at AS createdAt ' +
        `FROM user u WHERE u.id < ?${where(CUSTOMER_FILTERS, { ...f })} ORDER BY u.id DESC LIMIT ?`,
    ),
  [[{ status: false, keyword: false }], [{ status: true, keyword: true }]],
);
export const countCustomersUpTo = sqlFn(
  (f: CustomerFilterFlags) =>
    sql<{ n: number }>(
      `SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM user u WHERE u.id > 0${where(CUSTOMER_FILTERS, { ...f })} LIMIT ?) x`,
    ),
  [[{ status: true, keyword: true }]],
);
/** Paid orders of the given shoppers: how many, what they kept (paid - refunded), the last payment. */
export const customerTotals = sqlFn(
  (n: number) =>
    sql<{ userId: number; orders: number; spend: number; lastPaidAt: unknown }>(
      'SELECT user_id AS userId, COUNT(*) AS orders, SUM(paid_amount - refunded_amount) AS spend, MAX(paid_at) AS lastPaidAt ' +
        `FROM orders WHERE user_id IN (${marks(n)}) AND paid_at IS NOT NULL GROUP BY user_id`,
    ),
  [[1], [3]],
);
/** Withdrawals waiting for an operator's review (applied, not yet approved or rejected). */
export const WITHDRAWALS_WAITING = sql<{ n: number }>(`SELECT COUNT(*) AS n FROM withdrawal WHERE status = ${W.applied}`);
/** Reviews waiting in the moderation queue: held themselves, or their follow-up held (as the queue lists them). */
export const HELD_REVIEWS = sql<{ n: number }>(
  `SELECT (SELECT COUNT(*) FROM review WHERE moderation = ${RV.held}) + ` +
    `(SELECT COUNT(*) FROM review WHERE follow_up_moderation = ${RV.held} AND moderation <> ${RV.held}) AS n`,
);

// ---------------------------------------------------------------------------------------------------------------
// The distribution report: per promoter over a period (UTC range of business days), each figure from its own table
// through an index on its time column (or the promoter's, for one promoter).

export interface PromoterCommissionFacts {
  promoterId: number;
  orders: number;
  gmv: number;
  earned: number;
  frozen: number;
  settled: number;
  cancelled: number;
}
/**
 * Commissions created (orders paid) in [from, to): attributed orders, the goods' paid amount they were computed on
 * (GMV), what they earned, what is left frozen or settled, and what refunds took back. Parameters: from, to[, promoter].
 */
export const promoterCommissionFacts = sqlFn(
  (onePromoter: boolean) =>
    sql<PromoterCommissionFacts>(
      'SELECT promoter_id AS promoterId, COUNT(DISTINCT order_id) AS orders, SUM(base_amount) AS gmv, ' +
        `SUM(initial_amount) AS earned, SUM(CASE WHEN status = ${CS.frozen} THEN amount ELSE 0 END) AS frozen, ` +
        `SUM(CASE WHEN status = ${CS.settled} THEN amount ELSE 0 END) AS settled, SUM(initial_amount - amount) AS cancelled ` +
        `FROM commission WHERE created_at >= ? AND created_at < ?${onePromoter ? ' AND promoter_id = ?' : ''} GROUP BY promoter_id`,
    ),
  [[false], [true]],
);

/** Withdrawals applied for in [from, to). Parameters: from, to[, promoter]. */
export const promoterWithdrawalsApplied = sqlFn(
  (onePromoter: boolean) =>
    sql<{ promoterId: number; n: number; amount: number }>(
      'SELECT promoter_id AS promoterId, COUNT(*) AS n, SUM(amount) AS amount FROM withdrawal ' +
        `WHERE created_at >= ? AND created_at < ?${onePromoter ? ' AND promoter_id = ?' : ''} GROUP BY promoter_id`,
    ),
  [[false], [true]],
);

/** Withdrawals paid out (succeeded) in [from, to). Parameters: from, to[, promoter]. */
export const promoterWithdrawalsPaid = sqlFn(
  (onePromoter: boolean) =>
    sql<{ promoterId: number; amount: number }>(
      `SELECT promoter_id AS promoterId, SUM(amount) AS amount FROM withdrawal WHERE status = ${W.succeeded} ` +
        `AND finished_at >= ? AND finished_at < ?${onePromoter ? ' AND promoter_id = ?' : ''} GROUP BY promoter_id`,
    ),
  [[false], [true]],
);

export interface PromoterName {
  id: number;
  code: string;
  status: string;
  userId: number;
  nickname: string;
  phone: string | null;
}
/** Promoters by id with their shopper's nickname and phone. */
export const promoterNames = sqlFn(
  (n: number) =>
    sql<PromoterName>(
      'SELECT p.id AS id, p.code AS code, p.status AS status, p.user_id AS userId, u.nickname AS nickname, u.phone AS phone ' +
        `FROM promoter p JOIN user u ON u.id = p.user_id WHERE p.id IN (${marks(n)})`,
    ),
  [[1], [3]],
);
