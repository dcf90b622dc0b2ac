import type { Refund } from '../refund.entity';
import type { RefundView } from './payment-view.dto';

export type { RefundView };

export function toRefundView(r: Refund): RefundView {
  return {
    id: r.id,
    orderId: r.orderId,
    afterSaleId: r.afterSaleId,
    outRefundNo: r.outRefundNo,
    amount: r.amount,
    reason: r.reason,
    status: r.status,
    latePayment: Boolean(r.latePayment),
    lastError: r.lastError,
    succeededAt: r.succeededAt ? r.succeededAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
  };
}
