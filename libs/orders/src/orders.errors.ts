import { CommonErrors, defineError } from '@app/common';
import type { OrderStatus } from './order-state';

export const OrdersErrors = {
  notFound: CommonErrors.notFound.with('Order'),
  stateConflict: defineError(409, 'ORDER_STATE_CONFLICT', (status: OrderStatus, action: string) => ({
    message: `The order is ${status}: cannot ${action}`,
    details: { status },
  })),
  idempotencyKeyRequired: CommonErrors.validation.with([
    { field: 'Idempotency-Key', errors: ['Idempotency-Key header must be 8-64 characters of [A-Za-z0-9_-]'] },
  ]),
  idempotencyConflict: defineError(409, 'IDEMPOTENCY_CONFLICT', (orderId: number) => ({
    message: 'This Idempotency-Key was already used for a different order request',
    details: { orderId },
  })),
  emptyOrder: CommonErrors.field.with('items', 'the order has no items (select cart lines or pass items)'),
  duplicateSku: (skuId: number) => CommonErrors.field('items', `SKU ${skuId} appears twice: merge the lines`),
  tooManyLines: (max: number) => CommonErrors.field('items', `at most ${max} lines per order`),
  itemsOrCart: CommonErrors.field.with('items', 'pass either items or fromCart: true'),
  skusUnavailable: defineError(409, 'SKU_UNAVAILABLE', (items: { skuId: number; reason: string }[]) => ({
    message: 'Some items cannot be bought now',
    details: { items },
  })),
  tooManyUnpaidOrders: defineError(409, 'TOO_MANY_UNPAID_ORDERS', (max: number) => ({
    message: `You already have ${max} unpaid orders: pay or cancel one first`,
    details: { max },
  })),
  limitPerOrder: defineError(409, 'PURCHASE_LIMIT_PER_ORDER', (productId: number, limit: number, requested: number) => ({
    message: `At most ${limit} of this product per order`,
    details: { productId, limit, requested },
  })),
  limitPerUser: defineError(409, 'PURCHASE_LIMIT_PER_USER', (productId: number, limit: number, bought: number, requested: number) => ({
    message: `At most ${limit} of this product per shopper (${bought} already in your orders)`,
    details: { productId, limit, bought, requested },
  })),
  amountTooLarge: defineError(400, 'ORDER_AMOUNT_TOO_LARGE', () => 'The order total exceeds the allowed maximum'),
  /** A lifecycle listener refuses shipping (after-sale: an open refund-only request; it throws this definition). */
  shippingBlocked: defineError(409, 'AFTER_SALE_BLOCKS_SHIPPING', (afterSaleId: number, status: string) => ({
    message: 'A refund request on this order is open: approve or reject it before shipping',
    details: { afterSaleId, status },
  })),
  pickupUnavailable: defineError(409, 'PICKUP_UNAVAILABLE', (storeId: number) => ({
    message: 'This store does not take pick-up orders now',
    details: { storeId },
  })),
  /** Shipping a pick-up order, or a pick-up step on a delivery order. */
  wrongDeliveryMode: defineError(409, 'WRONG_DELIVERY_MODE', (mode: string, action: string) => ({
    message: `The order is for ${mode}: cannot ${action}`,
    details: { deliveryMode: mode },
  })),
  pickupStateConflict: defineError(409, 'PICKUP_STATE_CONFLICT', (status: string, action: string) => ({
    message: `The pick-up is ${status}: cannot ${action}`,
    details: { status },
  })),
  pickupCodeInvalid: defineError(404, 'PICKUP_CODE_INVALID', () => 'No order ready for pick-up has this code'),
  pickupCodeAmbiguous: defineError(409, 'PICKUP_CODE_AMBIGUOUS', () => 'Several orders have this code: scan the QR code instead'),
  amountMismatch: defineError(409, 'PAYMENT_AMOUNT_MISMATCH', (expected: number, got: number) => ({
    message: 'Paid amount does not match the order',
    details: { expected, got },
  })),
};
