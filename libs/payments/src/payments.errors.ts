import { AppException, CommonErrors } from '@app/common';

export const PaymentsErrors = {
  alreadyPaid: (): AppException => new AppException(409, 'ORDER_STATE_CONFLICT', 'The order is already paid', { status: 'paid' }),
  notPayable: (): AppException => new AppException(409, 'ORDER_STATE_CONFLICT', 'The order can no longer be paid'),
  openidRequired: (): AppException =>
    new AppException(
      409,
      'WX_OPENID_REQUIRED',
      'WeChat Pay needs the buyer’s openid: log in through WeChat (wx.login or the Cloud Hosting gateway)',
    ),
  providerUnavailable: (): AppException =>
    new AppException(503, 'PAYMENT_UNAVAILABLE', 'The payment service is not reachable right now: retry shortly'),
  providerRejected: (code: string): AppException =>
    new AppException(502, 'PAYMENT_PROVIDER_REJECTED', `The payment provider refused the request (${code})`, { code }),
  notPaid: (): AppException => new AppException(409, 'ORDER_NOT_PAID', 'The order has no successful payment to refund'),
  refundExceedsPaid: (remaining: number): AppException =>
    new AppException(409, 'REFUND_EXCEEDS_PAID', `At most ${remaining} fen can still be refunded`, { remaining }),
  refundLimit: (max: number): AppException => new AppException(409, 'REFUND_LIMIT', `At most ${max} refunds per payment`, { max }),
  refundNotFound: (): AppException => CommonErrors.notFound('Refund'),
  refundNotRetryable: (status: string): AppException =>
    new AppException(409, 'REFUND_NOT_RETRYABLE', `Only failed refunds can be retried (this one is ${status})`, { status }),
  devRouteDisabled: (): AppException => CommonErrors.notFound('Route'),
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
