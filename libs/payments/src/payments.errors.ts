import { CommonErrors, defineError } from '@app/common';

export const PaymentsErrors = {
  alreadyPaid: defineError(409, 'ORDER_STATE_CONFLICT', () => ({ message: 'The order is already paid', details: { status: 'paid' } })),
  notPayable: defineError(409, 'ORDER_STATE_CONFLICT', () => 'The order can no longer be paid'),
  openidRequired: defineError(
    409,
    'WX_OPENID_REQUIRED',
    () => 'WeChat Pay needs the buyer’s openid: log in through WeChat (wx.login or the Cloud Hosting gateway)',
  ),
  providerUnavailable: defineError(503, 'PAYMENT_UNAVAILABLE', () => 'The payment service is not reachable right now: retry shortly'),
  providerRejected: defineError(502, 'PAYMENT_PROVIDER_REJECTED', (code: string) => ({
    message: `The payment provider refused the request (${code})`,
    details: { code },
  })),
  notPaid: defineError(409, 'ORDER_NOT_PAID', () => 'The order has no successful payment to refund'),
  refundExceedsPaid: defineError(409, 'REFUND_EXCEEDS_PAID', (remaining: number) => ({
    message: `At most ${remaining} fen can still be refunded`,
    details: { remaining },
  })),
  refundLimit: defineError(409, 'REFUND_LIMIT', (max: number) => ({ message: `At most ${max} refunds per payment`, details: { max } })),
  refundNotFound: CommonErrors.notFound.with('Refund'),
  refundNotRetryable: defineError(409, 'REFUND_NOT_RETRYABLE', (status: string) => ({
    message: `Only failed refunds can be retried (this one is ${status})`,
    details: { status },
  })),
  devRouteDisabled: CommonErrors.notFound.with('Route'),
};

/** Why a notification is refused: the HTTP status WeChat sees and a message for logs. */
export class NotifyRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'NotifyRejected';
  }
}
