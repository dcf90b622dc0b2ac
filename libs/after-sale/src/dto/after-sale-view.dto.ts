import { PageOf } from '@app/common';
import type { AfterSaleInitiator, AfterSaleReasonCode, AfterSaleStatus, AfterSaleType } from '../after-sale-state';

export type AfterSaleAction = 'cancel' | 'submit_return';

export class AfterSaleItemView {
  orderItemId!: number;
  title!: string;
  specText!: string;
  image!: string;
  quantity!: number;
  /** The share of the refund for these units, fen. */
  amount!: number;
}

export class AfterSaleRefundView {
  status!: string;
  succeededAt!: string | null;
  lastError!: string | null;
}

export class AfterSaleEventView {
  fromStatus!: AfterSaleStatus | null;
  toStatus!: AfterSaleStatus;
  /** user, admin or system. */
  actor!: string;
  note!: string;
  createdAt!: string;
}

export class AfterSaleView {
  id!: number;
  afterSaleNo!: string;
  orderId!: number;
  orderNo!: string;
  type!: AfterSaleType;
  status!: AfterSaleStatus;
  /** `merchant`: a refund on the shop's initiative (reason `merchant`, the shop's words in `description`). */
  initiator!: AfterSaleInitiator;
  /** A reason code (GET /after-sales/reasons) and its label. */
  reason!: string;
  reasonLabel!: string;
  description!: string;
  images!: string[];
  requestedAmount!: number;
  refundAmount!: number;
  /** The shipping fee going back with this refund, fen. */
  shippingAmount!: number;
  items!: AfterSaleItemView[];
  returnCompany!: string | null;
  returnTrackingNo!: string | null;
  /** Return requests: send the goods back before this. */
  returnDeadline!: string | null;
  rejectReason!: string | null;
  refund!: AfterSaleRefundView | null;
  /** What the buyer may do now. */
  actions!: AfterSaleAction[];
  events!: AfterSaleEventView[];
  createdAt!: string;
  closedAt!: string | null;
}

export class AfterSalePage extends PageOf(AfterSaleView) {}

export class AdminAfterSaleView extends AfterSaleView {
  userId!: number;
}

export class AdminAfterSalePage extends PageOf(AdminAfterSaleView) {}

export class AfterSaleReason {
  code!: AfterSaleReasonCode;
  label!: string;
}

export class RefundableItemView {
  orderItemId!: number;
  title!: string;
  specText!: string;
  image!: string;
  quantity!: number;
  refundableQuantity!: number;
  refundableAmount!: number;
  /** The open request holding this item, if any (no second request until it ends). */
  openAfterSaleId!: number | null;
}

/** Per item of an order: how many units and how much money can still be refunded. */
export class RefundablePreview {
  orderId!: number;
  /** Types the order allows now (empty when no request is possible). */
  allowedTypes!: AfterSaleType[];
  /** Why nothing is allowed, when allowedTypes is empty. */
  notAllowedReason!: string | null;
  /** Last moment to apply (completed orders). */
  windowEndsAt!: string | null;
  items!: RefundableItemView[];
  shippingFee!: number;
  /** True when refunding everything that is left now would also refund the shipping fee. */
  shippingIncludedIfAll!: boolean;
  reasons!: AfterSaleReason[];
}

export class QuoteItemView {
  orderItemId!: number;
  quantity!: number;
  amount!: number;
}

/** The exact refund a request would get. */
export class AfterSaleQuote {
  items!: QuoteItemView[];
  itemsAmount!: number;
  /** The order's shipping fee, when this refund leaves nothing of the unshipped order to ship. */
  shippingAmount!: number;
  total!: number;
}
