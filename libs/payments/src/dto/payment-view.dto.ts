import { PageOf } from '@app/common';
import type { NotificationOutcome } from '../payment-notification.entity';
import type { RefundStatus } from '../refund.entity';

/** The arguments of wx.requestPayment, as they are. */
export class RequestPaymentParams {
  timeStamp!: string;
  nonceStr!: string;
  /** `prepay_id=...` */
  package!: string;
  signType!: string;
  paySign!: string;
}

export class RefundView {
  id!: number;
  orderId!: number;
  afterSaleId!: number | null;
  outRefundNo!: string;
  amount!: number;
  reason!: string;
  status!: RefundStatus;
  /** A payment that arrived for an order no longer payable, refunded in full. */
  latePayment!: boolean;
  lastError!: string | null;
  succeededAt!: string | null;
  createdAt!: string;
}

export class RefundPage extends PageOf(RefundView) {}

export class MockPaymentResult {
  /** What the simulated notification did: `duplicate` when the order was already paid this way. */
  outcome!: NotificationOutcome | 'duplicate';
}
