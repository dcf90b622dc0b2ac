import { AppException, CommonErrors } from '@app/common';
import type { TransitionVeto } from '@app/orders';
import type { AfterSaleStatus } from './after-sale-state';

export const AfterSaleErrors = {
  notFound: (): AppException => CommonErrors.notFound('After-sale request'),
  notAllowed: (why: string, details?: Record<string, unknown>): AppException =>
    new AppException(409, 'AFTER_SALE_NOT_ALLOWED', why, details),
  windowClosed: (days: number): AppException =>
    new AppException(409, 'AFTER_SALE_WINDOW_CLOSED', `After-sale requests are accepted until ${days} days after completion`, { days }),
  itemBusy: (orderItemId: number, afterSaleId: number): AppException =>
    new AppException(409, 'AFTER_SALE_ITEM_BUSY', 'This item already has an open after-sale request', { orderItemId, afterSaleId }),
  quantityExceeded: (orderItemId: number, refundable: number): AppException =>
    new AppException(409, 'AFTER_SALE_QUANTITY_EXCEEDED', `At most ${refundable} of this item can still be refunded`, {
      orderItemId,
      refundable,
    }),
  unknownItem: (orderItemId: number): AppException => CommonErrors.field('items', `order item ${orderItemId} is not part of this order`),
  duplicateItem: (orderItemId: number): AppException => CommonErrors.field('items', `order item ${orderItemId} appears twice`),
  amountTooHigh: (max: number): AppException =>
    new AppException(400, 'AFTER_SALE_AMOUNT_TOO_HIGH', `The refund cannot exceed ${max} fen`, { max }),
  /** The veto of an order's shipping (orders answers it as a 409). */
  blocksShipping: (afterSaleId: number, status: AfterSaleStatus): TransitionVeto => ({
    code: 'AFTER_SALE_BLOCKS_SHIPPING',
    message: 'A refund request on this order is open: approve or reject it before shipping',
    details: { afterSaleId, status },
  }),
  stateConflict: (status: AfterSaleStatus, action: string): AppException =>
    new AppException(409, 'AFTER_SALE_STATE_CONFLICT', `The request is ${status}: cannot ${action}`, { status }),
};
