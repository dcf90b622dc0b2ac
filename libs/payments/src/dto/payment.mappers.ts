import type { Refund, RefundStatus } from '../refund.entity';

export interface RefundView {
  id: number;
  orderId: number;
  afterSaleId: number | null;
  outRefundNo: string;
  amount: number;
  reason: string;
  status: RefundStatus;
  latePayment: boolean;
  lastError: string | null;
  succeededAt: string | null;
  createdAt: string;
}

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
