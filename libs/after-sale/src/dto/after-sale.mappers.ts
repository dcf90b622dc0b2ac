import type { AfterSaleEvent } from '../after-sale-event.entity';
import type { AfterSaleItem } from '../after-sale-item.entity';
import { AFTER_SALE_REASONS, type AfterSaleStatus, MERCHANT_REASON } from '../after-sale-state';
import type { AfterSale } from '../after-sale.entity';
import type { AfterSaleAction, AfterSaleView } from './after-sale-view.dto';

export type { AfterSaleAction, AfterSaleView };

export interface ItemInfo {
  title: string;
  specText: string;
  image: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function buyerActions(status: AfterSaleStatus): AfterSaleAction[] {
  if (status === 'requested') return ['cancel'];
  if (status === 'awaiting_return') return ['submit_return', 'cancel'];
  return [];
}

export function toAfterSaleView(
  a: AfterSale,
  items: AfterSaleItem[],
  info: ReadonlyMap<number, ItemInfo>,
  events: AfterSaleEvent[],
  refund: AfterSaleView['refund'],
): AfterSaleView {
  return {
    id: a.id,
    afterSaleNo: a.afterSaleNo,
    orderId: a.orderId,
    orderNo: a.orderNo,
    type: a.type,
    status: a.status,
    initiator: a.initiator,
    reason: a.reason,
    reasonLabel: [...AFTER_SALE_REASONS, MERCHANT_REASON].find((r) => r.code === a.reason)?.label ?? a.reason,
    description: a.description,
    images: a.images,
    requestedAmount: a.requestedAmount,
    refundAmount: a.refundAmount,
    shippingAmount: a.shippingAmount,
    items: items.map((i) => ({
      orderItemId: i.orderItemId,
      quantity: i.quantity,
      amount: i.amount,
      ...(info.get(i.orderItemId) ?? { title: '', specText: '', image: '' }),
    })),
    returnCompany: a.returnCompany,
    returnTrackingNo: a.returnTrackingNo,
    returnDeadline: iso(a.returnDeadline),
    rejectReason: a.rejectReason,
    refund,
    actions: buyerActions(a.status),
    events: events.map((e) => ({
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actor: e.actor,
      note: e.note,
      createdAt: e.createdAt.toISOString(),
    })),
    createdAt: a.createdAt.toISOString(),
    closedAt: iso(a.closedAt),
  };
}
