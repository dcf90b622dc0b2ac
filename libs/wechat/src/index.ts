export { WechatModule } from './wechat.module';
export {
  WechatApiClient,
  WX_SUGGESTS,
  type Code2SessionResult,
  type PhoneInfo,
  type TextCheckResult,
  type UnlimitedCodeInput,
  type WxContentScene,
  type WxSuggest,
} from './wechat-api.client';
export { MessagePushVerifier, type MediaCheckEvent, type PushQuery, PushRefusedError, WECHAT_MESSAGE_PUSH_PATH } from './message-push';
export { WechatApiError, WechatUnavailableError, WX_ERR } from './wechat.errors';
export { IsExpressCompany } from './express-companies';

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
export { TRANSFER_REAL_NAME_MIN_FEN } from './pay/wechat-pay.types';
