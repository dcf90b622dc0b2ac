export { WechatModule } from './wechat.module';
export { WechatApiClient, type Code2SessionResult, type PhoneInfo } from './wechat-api.client';
export { WechatApiError, WechatUnavailableError, WX_ERR } from './wechat.errors';
export { EXPRESS_COMPANIES, EXPRESS_COMPANY_CODES, IsExpressCompany } from './express-companies';

export { WechatPayModule } from './pay/wechat-pay.module';
export {
  WechatPayClient,
  WECHAT_PAY_NOTIFY_PATH,
  WECHAT_PAY_REFUND_NOTIFY_PATH,
  WECHAT_PAY_TRANSFER_NOTIFY_PATH,
} from './pay/wechat-pay.client';
export { WechatPayNotifyVerifier, type NotifyHeaders } from './pay/wechat-pay-notify.verifier';
export {
  NotifyVerificationError,
  WechatPayApiError,
  WechatPayOrderPaidError,
  WechatPayUnavailableError,
  type NotifyFailureReason,
} from './pay/wechat-pay.errors';
export { formatWechatPayTime } from './pay/wechat-pay-time';
export type {
  JsapiPrepayInput,
  RefundInput,
  WechatPayNotification,
  WechatPayNotifyEvent,
  WechatPayParams,
  WechatPayRefund,
  WechatPayRefundResource,
  WechatPayRefundStatus,
  WechatPayTradeState,
  WechatPayTransaction,
  TransferBillInput,
  WechatTransferBill,
  WechatTransferResource,
  WechatTransferState,
} from './pay/wechat-pay.types';
