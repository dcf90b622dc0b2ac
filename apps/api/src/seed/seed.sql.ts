import { marks, sql, type Sql, sqlFn } from '@app/database';

/*
 * The year seeder's statements (npm run reports -- seed): multi-row INSERTs with explicit ids, so lines, payments and
 * refunds can name their orders without reading them back. Development and benchmark data only: it writes the
 * tables of several libs directly, which no service does.
 */

function rowsOf(table: string, columns: readonly string[]): (n: number) => Sql<never> {
  return (n) =>
    sql(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: n }, () => `(${marks(columns.length)})`).join(', ')}`);
}

export const CATEGORY_COLUMNS = ['id', 'parent_id', 'name', 'sort', 'is_visible', 'created_at', 'updated_at'] as const;
export const insertCategories = sqlFn(rowsOf('category', CATEGORY_COLUMNS), [[1], [2]]);

export const PRODUCT_COLUMNS = [
  'id',
  'category_id',
  'title',
  'main_image',
  'images',
  'detail_images',
  'status',
  'min_price',
  'max_price',
  'created_at',
  'updated_at',
] as const;
export const insertProducts = sqlFn(rowsOf('product', PRODUCT_COLUMNS), [[1], [2]]);

export const SKU_COLUMNS = [
  'id',
  'product_id',
  'spec_values',
  'spec_key',
  'spec_text',
  'price',
  'stock',
  'code',
  'status',
  'created_at',
  'updated_at',
] as const;
export const insertSkus = sqlFn(rowsOf('sku', SKU_COLUMNS), [[1], [2]]);

export const USER_COLUMNS = ['id', 'appid', 'openid', 'nickname', 'phone', 'status', 'created_at'] as const;
export const insertUsers = sqlFn(rowsOf('user', USER_COLUMNS), [[1], [2]]);

export const ORDER_COLUMNS = [
  'id',
  'order_no',
  'user_id',
  'status',
  'items_total',
  'shipping_fee',
  'pay_amount',
  'paid_amount',
  'refunded_amount',
  'address',
  'idempotency_key',
  'request_hash',
  'pay_expires_at',
  'paid_at',
  'shipped_at',
  'completed_at',
  'cancelled_at',
  'closed_at',
  'created_at',
  'updated_at',
] as const;
export const insertOrders = sqlFn(rowsOf('orders', ORDER_COLUMNS), [[1], [2]]);

export const ORDER_ITEM_COLUMNS = [
  'id',
  'order_id',
  'product_id',
  'sku_id',
  'title',
  'spec_text',
  'unit_price',
  'quantity',
  'line_total',
  'refunded_quantity',
  'refunded_amount',
] as const;
export const insertOrderItems = sqlFn(rowsOf('order_item', ORDER_ITEM_COLUMNS), [[1], [2]]);

export const PAYMENT_COLUMNS = [
  'id',
  'order_id',
  'user_id',
  'provider',
  'out_trade_no',
  'amount',
  'refunded_amount',
  'status',
  'transaction_id',
  'paid_at',
  'created_at',
  'updated_at',
] as const;
export const insertPayments = sqlFn(rowsOf('payment', PAYMENT_COLUMNS), [[1], [2]]);

export const REFUND_COLUMNS = [
  'id',
  'order_id',
  'payment_id',
  'out_refund_no',
  'amount',
  'reason',
  'status',
  'succeeded_at',
  'created_at',
  'updated_at',
] as const;
export const insertRefunds = sqlFn(rowsOf('refund', REFUND_COLUMNS), [[1], [2]]);

/** Where the seeder's ids start (after what is there). */
export const SEED_NEXT_IDS = sql<{
  category: number;
  product: number;
  sku: number;
  users: number;
  orders: number;
  items: number;
  payment: number;
  refund: number;
}>(
  'SELECT (SELECT COALESCE(MAX(id), 0) FROM category) AS category, (SELECT COALESCE(MAX(id), 0) FROM product) AS product, ' +
    '(SELECT COALESCE(MAX(id), 0) FROM sku) AS sku, (SELECT COALESCE(MAX(id), 0) FROM user) AS users, ' +
    '(SELECT COALESCE(MAX(id), 0) FROM orders) AS orders, (SELECT COALESCE(MAX(id), 0) FROM order_item) AS items, ' +
    '(SELECT COALESCE(MAX(id), 0) FROM payment) AS payment, (SELECT COALESCE(MAX(id), 0) FROM refund) AS refund',
);
