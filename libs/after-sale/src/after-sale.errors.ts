import { CommonErrors, defineError } from '@app/common';
import { OrdersErrors } from '@app/orders';
import type { AfterSaleStatus } from './after-sale-state';

export const AfterSaleErrors = {
  notFound: CommonErrors.notFound.with('After-sale request'),
  notAllowed: defineError(409, 'AFTER_SALE_NOT_ALLOWED', (why: string, details?: Record<string, unknown>) => ({ message: why, details })),
  windowClosed: defineError(409, 'AFTER_SALE_WINDOW_CLOSED', (days: number) => ({
    message: `After-sale requests are accepted until ${days} days after completion`,
    details: { days },
  })),
  itemBusy: defineError(409, 'AFTER_SALE_ITEM_BUSY', (orderItemId: number, afterSaleId: number) => ({
    message: 'This item already has an open after-sale request',
    details: { orderItemId, afterSaleId },
  })),
  quantityExceeded: defineError(409, 'AFTER_SALE_QUANTITY_EXCEEDED', (orderItemId: number, refundable: number) => ({
    message: `At most ${refundable} of this item can still be refunded`,
    details: { orderItemId, refundable },
  })),
  unknownItem: (orderItemId: number) => CommonErrors.field('items', `order item ${orderItemId} is not part of this order`),
  duplicateItem: (orderItemId: number) => CommonErrors.field('items', `order item ${orderItemId} appears twice`),
  amountTooHigh: defineError(400, 'AFTER_SALE_AMOUNT_TOO_HIGH', (max: number) => ({
    message: `The refund cannot exceed ${max} fen`,
    details: { max },
  })),
  blocksShipping: OrdersErrors.shippingBlocked,
  stateConflict: defineError(409, 'AFTER_SALE_STATE_CONFLICT', (status: AfterSaleStatus, action: string) => ({
    message: `The request is ${status}: cannot ${action}`,
    details: { status },
  })),
};
