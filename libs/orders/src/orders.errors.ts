import { AppException, CommonErrors } from '@app/common';
import type { TransitionVeto } from './order-lifecycle';
import type { OrderStatus } from './order-state';

export const OrdersErrors = {
  notFound: (): AppException => CommonErrors.notFound('Order'),
  stateConflict: (status: OrderStatus, action: string): AppException =>
    new AppException(409, 'ORDER_STATE_CONFLICT', `The order is ${status}: cannot ${action}`, { status }),
  /** A module's transition guard refused the step (its code, e.g. AFTER_SALE_BLOCKS_SHIPPING). */
  transitionVetoed: (veto: TransitionVeto): AppException => new AppException(409, veto.code, veto.message, veto.details),
  idempotencyKeyRequired: (): AppException =>
    CommonErrors.validation([{ field: 'Idempotency-Key', errors: ['Idempotency-Key header must be 8-64 characters of [A-Za-z0-9_-]'] }]),
  idempotencyConflict: (orderId: number): AppException =>
    new AppException(409, 'IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used for a different order request', { orderId }),
  emptyOrder: (): AppException => CommonErrors.field('items', 'the order has no items (select cart lines or pass items)'),
  duplicateSku: (skuId: number): AppException => CommonErrors.field('items', `SKU ${skuId} appears twice: merge the lines`),
  tooManyLines: (max: number): AppException => CommonErrors.field('items', `at most ${max} lines per order`),
  itemsOrCart: (): AppException => CommonErrors.field('items', 'pass either items or fromCart: true'),
  skusUnavailable: (items: { skuId: number; reason: string }[]): AppException =>
    new AppException(409, 'SKU_UNAVAILABLE', 'Some items cannot be bought now', { items }),
  tooManyUnpaidOrders: (max: number): AppException =>
    new AppException(409, 'TOO_MANY_UNPAID_ORDERS', `You already have ${max} unpaid orders: pay or cancel one first`, { max }),
  limitPerOrder: (productId: number, limit: number, requested: number): AppException =>
    new AppException(409, 'PURCHASE_LIMIT_PER_ORDER', `At most ${limit} of this product per order`, { productId, limit, requested }),
  limitPerUser: (productId: number, limit: number, bought: number, requested: number): AppException =>
    new AppException(409, 'PURCHASE_LIMIT_PER_USER', `At most ${limit} of this product per shopper (${bought} already in your orders)`, {
      productId,
      limit,
      bought,
      requested,
    }),
  amountTooLarge: (): AppException => new AppException(400, 'ORDER_AMOUNT_TOO_LARGE', 'The order total exceeds the allowed maximum'),
  amountMismatch: (expected: number, got: number): AppException =>
    new AppException(409, 'PAYMENT_AMOUNT_MISMATCH', 'Paid amount does not match the order', { expected, got }),
};
