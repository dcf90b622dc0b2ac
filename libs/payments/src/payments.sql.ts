import { insertInto, sql, sqlLiterals, STATE_CHANGE_COLUMNS, statusStep } from '@app/database';
import { NOTIFICATION_OUTCOMES } from './payment-notification.entity';
import type { PaymentEvent } from './payment-event.entity';
import type { Payment } from './payment.entity';
import type { RefundEvent } from './refund-event.entity';
import type { Refund } from './refund.entity';

/*
 * payments' hand-written statements (docs/decisions.md, "When SQL is written by hand"): the payment notification
 * (measured by `npm run bench`; WeChat Pay retries whatever is slow, and the payment row stays locked throughout),
 * the payment lookup of every order transition, and every payment and refund state step with its audit row.
 */

const OUTCOME = sqlLiterals(NOTIFICATION_OUTCOMES);

/** A verified notification, recorded before it is applied (a duplicate fails on the unique event id). */
export const INSERT_PAYMENT_NOTIFICATION = sql(
  'INSERT INTO payment_notification (provider, event_id, event_type, out_trade_no, out_refund_no, outcome, received_at) ' +
    `VALUES (?, ?, ?, ?, NULL, ${OUTCOME.ignored}, ?)`,
);
export const NOTIFICATION_OUTCOME = sql('UPDATE payment_notification SET outcome = ? WHERE event_id = ?');
/** The payment a transaction reports, locked. */
export const LOCK_PAYMENT_OF_TRADE = sql<Pick<Payment, 'id' | 'orderId' | 'outTradeNo' | 'amount' | 'status'>>(
  'SELECT id, order_id AS orderId, out_trade_no AS outTradeNo, amount, status FROM payment WHERE out_trade_no = ? LIMIT 1 FOR UPDATE',
);
/** An order's payment: what the pay button and the order transitions need of it (one payment per order). */
export const PAYMENT_OF_ORDER = sql<
  Pick<Payment, 'id' | 'outTradeNo' | 'amount' | 'status' | 'prepayId' | 'prepayExpiresAt' | 'transactionId'>
>(
  'SELECT id, out_trade_no AS outTradeNo, amount, status, prepay_id AS prepayId, prepay_expires_at AS prepayExpiresAt, ' +
    'transaction_id AS transactionId FROM payment WHERE order_id = ?',
);
/** The payment of an order, created by the first press of the pay button (pending, no prepay yet). */
export const INSERT_PAYMENT = insertInto<Payment>('payment', [
  'orderId',
  'userId',
  'provider',
  'outTradeNo',
  'amount',
  'status',
  'createdAt',
  'updatedAt',
]);
/** The WeChat Pay order's prepay_id and until when it is good. Parameters: prepay_id, prepay_expires_at, updated_at, id. */
export const SET_PREPAY = sql('UPDATE payment SET prepay_id = ?, prepay_expires_at = ?, updated_at = ? WHERE id = ?');

// ---- state steps (PaymentTransitions) and their audit rows -----------------------------------------------------------

export const PAYMENT_STEPS = {
  succeeded: statusStep<Payment, 'transactionId' | 'payerOpenid' | 'paidAt' | 'updatedAt'>('payment', [
    'transactionId',
    'payerOpenid',
    'paidAt',
    'updatedAt',
  ]),
  closed: statusStep<Payment, 'updatedAt'>('payment', ['updatedAt']),
};

export const REFUND_STEPS = {
  /** WeChat Pay's word on a refund (or ours, when it refused for good). */
  settle: statusStep<Refund, 'wechatRefundId' | 'succeededAt' | 'lastError' | 'updatedAt'>('refund', [
    'wechatRefundId',
    'succeededAt',
    'lastError',
    'updatedAt',
  ]),
  /** Sent again, with the same out_refund_no. */
  retry: statusStep<Refund, 'lastError' | 'updatedAt'>('refund', ['lastError', 'updatedAt']),
};

export const INSERT_PAYMENT_EVENT = insertInto<PaymentEvent>('payment_event', ['paymentId', ...STATE_CHANGE_COLUMNS]);
export const INSERT_REFUND_EVENT = insertInto<RefundEvent>('refund_event', ['refundId', ...STATE_CHANGE_COLUMNS]);
