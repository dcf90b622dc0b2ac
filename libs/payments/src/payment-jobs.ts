/** payments' durable jobs and their payloads (added to the typed map of @app/jobs). */

export const REFUND_JOB = 'payments.refund';
export const SUBSCRIBE_JOB = 'payments.subscribe-message';
export const CLOSE_JOB = 'payments.close-order';
export const SHIPPING_JOB = 'payments.upload-shipping';
export const CONFIRM_RECEIVE_JOB = 'payments.confirm-receive';

export type SubscribeKind = 'paid' | 'shipped' | 'refunded';

declare module '@app/jobs' {
  interface JobPayloads {
    /** Ask WeChat Pay for a refund (the refund row's own out_refund_no, the same on every retry). */
    'payments.refund': { refundId: number };
    /** A subscribe message to the buyer (when its template is configured). */
    'payments.subscribe-message': { kind: SubscribeKind; orderId: number; amount?: number };
    /** Close the WeChat Pay order of a cancelled order, so a late payment cannot succeed. */
    'payments.close-order': { paymentId: number };
    /** Upload shipping info (WeChat holds the funds until it has it). */
    'payments.upload-shipping': { orderId: number };
    /** Tell WeChat the buyer confirmed receipt. */
    'payments.confirm-receive': { orderId: number };
  }
}
