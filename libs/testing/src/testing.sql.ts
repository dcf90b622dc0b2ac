/*
 * The test helpers' statements (shop-fixtures.ts): invariant checks read the tables directly, and name states as
 * literals on purpose (a check that took its states from the code under test would move with a bug in it).
 */

export const CATEGORY_EXISTS = 'SELECT id FROM category WHERE id = ?';

/** SKUs whose stock differs from the sum of their ledger rows. */
export const LEDGER_MISMATCHES =
  'SELECT s.id, s.stock, COALESCE(SUM(m.delta), 0) AS ledger FROM sku s LEFT JOIN stock_movement m ON m.sku_id = s.id ' +
  'GROUP BY s.id, s.stock HAVING s.stock <> COALESCE(SUM(m.delta), 0)';

export const SKU_STOCKS = 'SELECT id, stock FROM sku';
/** Stock put in by operators (initial stock and adjustments), per SKU. */
export const STOCK_PUT_IN = "SELECT sku_id, SUM(delta) AS n FROM stock_movement WHERE reason IN ('initial', 'adjust') GROUP BY sku_id";
/** The lines of every order that was not cancelled. */
export const LIVE_ORDER_ITEMS =
  'SELECT i.id, i.order_id, i.sku_id, i.quantity, i.refunded_quantity, (o.shipped_at IS NOT NULL) AS shipped ' +
  "FROM order_item i JOIN orders o ON o.id = i.order_id WHERE o.status <> 'cancelled'";
export const SHIPMENT_ITEMS = 'SELECT items FROM shipment';
/** Units received back from returns (requests that went returning -> refunding), per SKU. */
export const RETURNED_UNITS =
  'SELECT i.sku_id, SUM(x.quantity) AS n FROM after_sale_item x JOIN order_item i ON i.id = x.order_item_id ' +
  'WHERE EXISTS (SELECT 1 FROM after_sale_event e WHERE e.after_sale_id = x.after_sale_id ' +
  "AND e.from_status = 'returning' AND e.to_status = 'refunding') GROUP BY i.sku_id";
/** Whether a database exists yet (private-mariadb.ts: a replica receives the primary's by replication). */
export const MYSQL_SCHEMA_EXISTS = 'SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?';
