/**
 * WeChat Pay v3 wire shapes (snake_case as WeChat sends them). Amounts are integer fen.
 * Fields WeChat omits in some states (e.g. no `transaction_id` while NOTPAY) are optional.
 */

/** JSAPI orders only reach NOTPAY, SUCCESS, CLOSED and REFUND; the others are micropay states. */
export type WechatPayTradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR' | 'ACCEPT';

/** The order as returned by the query API and decrypted from a TRANSACTION.SUCCESS notification. */
export interface WechatPayTransaction {
  appid: string;
  mchid: string;
  out_trade_no: string;
  transaction_id?: string;
  trade_type?: string;
  trade_state: WechatPayTradeState;
  trade_state_desc?: string;
  bank_type?: string;
  attach?: string;
  /** RFC 3339 with offset, e.g. 2024-02-22T16:33:20+08:00. */
  success_time?: string;
  payer?: { openid?: string };
  amount?: {
    /** The order amount. */
    total?: number;
    /** What the user paid (total less coupons). */
    payer_total?: number;
    currency?: string;
    payer_currency?: string;
  };
  promotion_detail?: unknown[];
}

export type WechatPayRefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

/** A refund as returned by the refund and refund-query APIs. */
export interface WechatPayRefund {
  refund_id: string;
  out_refund_no: string;
  transaction_id?: string;
  out_trade_no?: string;
  channel?: 'ORIGINAL' | 'BALANCE' | 'OTHER_BALANCE' | 'OTHER_BANKCARD';
  user_received_account?: string;
  success_time?: string;
  create_time?: string;
  /** ABNORMAL (the bank refused it) needs a human in the merchant platform; CLOSED means it failed. */
  status: WechatPayRefundStatus;
  funds_account?: string;
  amount: {
    total: number;
    refund: number;
    payer_total?: number;
    payer_refund?: number;
    settlement_refund?: number;
    settlement_total?: number;
    discount_refund?: number;
    currency?: string;
    from?: unknown[];
  };
  promotion_detail?: unknown[];
}

/** Decrypted resource of a REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED notification. */
export interface WechatPayRefundResource {
  mchid: string;
  out_trade_no: string;
  transaction_id: string;
  out_refund_no: string;
  refund_id: string;
  refund_status: WechatPayRefundStatus;
  success_time?: string;
  user_received_account?: string;
  amount: { total: number; refund: number; payer_total?: number; payer_refund?: number };
}

/** The notification envelope (everything but the encrypted resource). */
export interface WechatPayNotifyEvent {
  /** Unique per event (EV-...): record it to answer duplicates without re-applying them. */
  id: string;
  event_type: string;
  create_time: string;
  resource_type: string;
  summary: string;
}

export interface WechatPayNotification<R = Record<string, unknown>> {
  event: WechatPayNotifyEvent;
  resource: R;
}

/** What `wx.requestPayment` needs. */
export interface WechatPayParams {
  appId: string;
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}

export interface JsapiPrepayInput {
  /** Shown on the user's bill; truncated to 127 characters. */
  description: string;
  /** 6-32 characters of [0-9A-Za-z_-|*], unique per merchant. */
  outTradeNo: string;
  /** Integer fen, > 0. */
  amountTotal: number;
  payerOpenid: string;
  /** Last moment the user can pay. */
  timeExpire: Date;
  /** Echoed back in query and notification (max 128 characters). */
  attach?: string;
}

export interface RefundInput {
  outTradeNo: string;
  /** One per refund attempt, owned by the caller and reused on retry: WeChat treats it as idempotency key. */
  outRefundNo: string;
  /** Shown to the user; truncated to 80 characters. */
  reason?: string;
  /** Integer fen to refund, > 0 and <= total. */
  refund: number;
  /** The original order total, integer fen. */
  total: number;
  /** Defaults to `${WXPAY_NOTIFY_BASE}/api/v1/payments/wechat/refund-notify`. */
  notifyUrl?: string;
}

/** Merchant transfer bill states (商家转账, user-confirm mode). Only SUCCESS means money moved. */
export type WechatTransferState =
  'ACCEPTED' | 'PROCESSING' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface TransferBillInput {
  outBillNo: string;
  openid: string;
  /** Fen. */
  amount: number;
  /**
   * The payee's real name, sent encrypted (RSA-OAEP with the WeChat Pay public key). Required from
   * TRANSFER_REAL_NAME_MIN_FEN (2,000 yuan) up, optional below.
   */
  userName?: string;
  notifyUrl?: string;
}

/** Transfers of 2,000 yuan and more must name the payee (`user_name`), wechat-platform.md 3.9. */
export const TRANSFER_REAL_NAME_MIN_FEN = 200_000;

/** The bill as created or queried (`package_info` while it waits for the user). */
export interface WechatTransferBill {
  out_bill_no: string;
  transfer_bill_no: string;
  state: WechatTransferState;
  package_info?: string;
  fail_reason?: string;
  create_time?: string;
  update_time?: string;
  transfer_amount?: number;
  openid?: string;
}

/** The decrypted resource of MCHTRANSFER.BILL.FINISHED. */
export interface WechatTransferResource extends WechatTransferBill {
  mchid: string;
}
