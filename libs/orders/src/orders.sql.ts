import { type Exhaustive, insertInto, marks, snakeCase, sql, sqlFn, sqlLiterals, STATE_CHANGE_COLUMNS, statusStep } from '@app/database';
import type { ShipmentViewRow } from './dto/order.mappers';
import type { OrderEvent } from './order-event.entity';
import type { OrderItem } from './order-item.entity';
import type { OrderPickup } from './order-pickup.entity';
import type { PickupEvent } from './pickup-event.entity';
import type { Shipment } from './shipment.entity';
import { PICKUP_STATUSES } from './pickup-state';
import { ORDER_STATUSES } from './order-state';
import type { Order } from './order.entity';

/*
 * orders' hand-written statements (docs/decisions.md, "When SQL is written by hand"): order creation and the payment
 * path (measured by `npm run bench`), the order row lock, every state step and its audit row.
 */

const S = sqlLiterals(ORDER_STATUSES);
const P = sqlLiterals(PICKUP_STATUSES);

// ---- creation ----------------------------------------------------------------------------------------------------

/**
 * What INSERT_ORDER writes, and what a new order leaves to the table's defaults (besides its generated id). Every
 * field of Order is in one or the other (Exhaustive: a field added to the entity does not compile until it is placed),
 * and checkout builds its answer from exactly these: the inserted values and ORDER_DEFAULTS, so an order is never
 * answered with a value that was not stored (test/foundation/sql-schema.int-spec.ts checks the defaults too).
 */
export const ORDER_INSERTED = [
  'orderNo',
  'userId',
  'status',
  'itemsTotal',
  'shippingFee',
  'discountTotal',
  'deliveryMode',
  'couponId',
  'payAmount',
  'paidAmount',
  'refundedAmount',
  'address',
  'remark',
  'idempotencyKey',
  'requestHash',
  'payExpiresAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof Order)[];
export const ORDER_DEFAULTS = {
  paidAt: null,
  shippedAt: null,
  completedAt: null,
  cancelledAt: null,
  cancelReason: null,
  closedAt: null,
} as const satisfies Partial<Order>;
type _OrderInsertCoversOrder = Exhaustive<Exclude<keyof Order, (typeof ORDER_INSERTED)[number] | keyof typeof ORDER_DEFAULTS | 'id'>>;
export const INSERT_ORDER = insertInto<Order>('orders', ORDER_INSERTED);

/** The same for order lines (one multi-row INSERT per order). */
export const ORDER_ITEM_INSERTED = [
  'orderId',
  'productId',
  'skuId',
  'title',
  'specText',
  'image',
  'unitPrice',
  'quantity',
  'lineTotal',
  'discountAmount',
  'paidAmount',
] as const satisfies readonly (keyof OrderItem)[];
export const ORDER_ITEM_DEFAULTS = { refundedQuantity: 0, refundedAmount: 0 } as const satisfies Partial<OrderItem>;
type _OrderItemInsertCoversOrderItem = Exhaustive<
  Exclude<keyof OrderItem, (typeof ORDER_ITEM_INSERTED)[number] | keyof typeof ORDER_ITEM_DEFAULTS | 'id'>
>;
export const INSERT_ORDER_ITEMS = sqlFn((items: number) => insertInto<OrderItem>('order_item', ORDER_ITEM_INSERTED, items), [[1], [3]]);

/** The order an Idempotency-Key created. */
export const ORDER_BY_KEY = sql<Pick<Order, 'id' | 'requestHash'>>(
  'SELECT id, request_hash AS requestHash FROM orders WHERE user_id = ? AND idempotency_key = ?',
);

/**
 * The shopper's unpaid orders before their deadline, counted up to the limit: reads at most `limit` rows
 * (idx_orders_user_status), however many orders the shopper has. Parameters: user_id, now, limit.
 */
export const UNPAID_ORDERS = sql<{ n: number | string }>(
  `SELECT COUNT(*) AS n FROM (SELECT 1 FROM orders WHERE user_id = ? AND status = ${S.pending_payment} AND pay_expires_at > ? LIMIT ?) t`,
);
/**
 * Units of these products the shopper holds: in orders not cancelled (an unpaid one past its deadline counts as
 * cancelled), less the units refunded. Parameters: user_id, now, the product ids.
 */
export const UNITS_HELD = sqlFn(
  (products: number) =>
    sql<{ productId: OrderItem['productId']; units: number | string }>(
      'SELECT i.product_id AS productId, SUM(i.quantity - i.refunded_quantity) AS units FROM orders o JOIN order_item i ON i.order_id = o.id ' +
        `WHERE o.user_id = ? AND o.status <> ${S.cancelled} AND NOT (o.status = ${S.pending_payment} AND o.pay_expires_at <= ?) ` +
        `AND i.product_id IN (${marks(products)}) GROUP BY i.product_id`,
    ),
  [[1], [2]],
);

// ---- payment -------------------------------------------------------------------------------------------------------

/** What marking an order paid reads (under the payment's row lock, on every payment notification). */
export const ORDER_TO_PAY = sql<Pick<Order, 'id' | 'orderNo' | 'userId' | 'status' | 'payAmount'> & { paid: number | string }>(
  'SELECT id, order_no AS orderNo, user_id AS userId, status, pay_amount AS payAmount, (paid_at IS NOT NULL) AS paid FROM orders WHERE id = ?',
);
/** The shopper's order the pay button pays (another user's order: no row). */
export const ORDER_TO_PAY_FOR = sql<Pick<Order, 'id' | 'orderNo' | 'userId' | 'status' | 'payAmount' | 'payExpiresAt'>>(
  'SELECT id, order_no AS orderNo, user_id AS userId, status, pay_amount AS payAmount, pay_expires_at AS payExpiresAt ' +
    'FROM orders WHERE id = ? AND user_id = ?',
);
/** The first line's title and the number of lines (the payment description). */
export const ORDER_DESCRIPTION = sql<Pick<OrderItem, 'title'> & { n: number | string }>(
  'SELECT title, COUNT(*) OVER () AS n FROM order_item WHERE order_id = ? ORDER BY id LIMIT 1',
);
/** An order's lines as commissions are computed on them (in the payment's transaction, by the order's move to paid). */
export const ORDER_LINES = sql<Pick<OrderItem, 'id' | 'productId' | 'skuId' | 'quantity' | 'paidAmount'>>(
  'SELECT id, product_id AS productId, sku_id AS skuId, quantity, paid_amount AS paidAmount FROM order_item WHERE order_id = ? ORDER BY id',
);
// ---- webhook events' documents (in the transaction of the change: order creation, the payment notification) ---------

/** `snake_case AS camelCase, ...`: a row keyed by the entity's field names. */
const fields = (names: readonly string[]): string => names.map((n) => (snakeCase(n) === n ? n : `${snakeCase(n)} AS ${n}`)).join(', ');

/** Every field of an order (the creation lists cover the entity: Exhaustive, above). */
const ORDER_FIELDS: readonly (keyof Order)[] = [
  'id',
  ...ORDER_INSERTED,
  ...(Object.keys(ORDER_DEFAULTS) as (keyof typeof ORDER_DEFAULTS)[]),
];
const ORDER_ITEM_FIELDS: readonly (keyof OrderItem)[] = [
  'id',
  ...ORDER_ITEM_INSERTED,
  ...(Object.keys(ORDER_ITEM_DEFAULTS) as (keyof typeof ORDER_ITEM_DEFAULTS)[]),
];
const SHIPMENT_VIEW_FIELDS = ['id', 'expressCompany', 'trackingNo', 'shippedAt'] as const satisfies readonly (keyof Shipment)[];
type _ShipmentDocumentCoversView = Exhaustive<Exclude<keyof ShipmentViewRow, (typeof SHIPMENT_VIEW_FIELDS)[number]>>;

/** The order a webhook event describes, as read (dates and the address as the driver answers them). */
export const ORDER_DOCUMENT = sql<Order>(`SELECT ${fields(ORDER_FIELDS)} FROM orders WHERE id = ?`);
export const ORDER_DOCUMENT_ITEMS = sql<OrderItem>(`SELECT ${fields(ORDER_ITEM_FIELDS)} FROM order_item WHERE order_id = ? ORDER BY id`);
export const ORDER_DOCUMENT_SHIPMENTS = sql<ShipmentViewRow>(
  `SELECT ${fields(SHIPMENT_VIEW_FIELDS)} FROM shipment WHERE order_id = ? ORDER BY id`,
);

/** The order row lock every money decision on an order takes first. */
export const LOCK_ORDER = sql<Pick<Order, 'id'>>('SELECT id FROM orders WHERE id = ? FOR UPDATE');

// ---- state steps (OrderTransitions) and the audit row ----------------------------------------------------------------

/** One statement per step, each setting its own columns (the last two parameters of `paid`/`expired`: the deadline test). */
export const ORDER_STEPS = {
  paid: statusStep<Order, 'paidAt' | 'paidAmount' | 'updatedAt'>('orders', ['paidAt', 'paidAmount', 'updatedAt'], 'pay_expires_at >= ?'),
  cancelled: statusStep<Order, 'cancelledAt' | 'cancelReason' | 'updatedAt'>('orders', ['cancelledAt', 'cancelReason', 'updatedAt']),
  expired: statusStep<Order, 'cancelledAt' | 'cancelReason' | 'updatedAt'>(
    'orders',
    ['cancelledAt', 'cancelReason', 'updatedAt'],
    'pay_expires_at <= ?',
  ),
  shipped: statusStep<Order, 'shippedAt' | 'updatedAt'>('orders', ['shippedAt', 'updatedAt']),
  completed: statusStep<Order, 'completedAt' | 'updatedAt'>('orders', ['completedAt', 'updatedAt']),
  closed: statusStep<Order, 'closedAt' | 'updatedAt'>('orders', ['closedAt', 'updatedAt']),
};

export const INSERT_ORDER_EVENT = insertInto<OrderEvent>('order_event', ['orderId', ...STATE_CHANGE_COLUMNS]);

// ---- pick-up at a store ----------------------------------------------------------------------------------------------

export const INSERT_ORDER_PICKUP = insertInto<OrderPickup>('order_pickup', [
  'orderId',
  'storeId',
  'storeName',
  'pickerName',
  'pickerPhone',
  'code',
  'status',
  'createdAt',
  'updatedAt',
]);
export const INSERT_PICKUP_EVENT = insertInto<PickupEvent>('pickup_event', ['orderId', ...STATE_CHANGE_COLUMNS]);

/** preparing -> ready. Parameters: ready_at, due_at, updated_at, order_id. */
export const PICKUP_READY = sql(
  `UPDATE order_pickup SET ready_at = ?, due_at = ?, updated_at = ?, status = ${P.ready} WHERE order_id = ? AND status = ${P.preparing}`,
);
/** ready -> picked_up. Parameters: picked_up_at, updated_at, order_id. */
export const PICKUP_DONE = sql(
  `UPDATE order_pickup SET picked_up_at = ?, updated_at = ?, status = ${P.picked_up} WHERE order_id = ? AND status = ${P.ready}`,
);
/** A ready pick-up's new deadline. Parameters: due_at, updated_at, order_id. */
export const PICKUP_EXTEND = sql(`UPDATE order_pickup SET due_at = ?, updated_at = ? WHERE order_id = ? AND status = ${P.ready}`);
