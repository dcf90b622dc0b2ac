import type { OrderEvent } from '../order-event.entity';
import type { OrderItem } from '../order-item.entity';
import type { OrderPickup } from '../order-pickup.entity';
import type { OrderAction, OrderStatus } from '../order-state';
import type { Order } from '../order.entity';
import type { Shipment } from '../shipment.entity';
import type { AdminOrderView, OrderEventView, OrderItemView, OrderView, PickupView } from './order-view.dto';

export type { AdminOrderView, OrderEventView, OrderItemView, OrderView };

export interface ViewContext {
  now: Date;
  afterSaleDays: number;
  /** REVIEW_DAYS: a completed order offers `review` this long (GET /reviews/awaiting says which items are left). */
  reviewDays: number;
}

/** What an order's view reads of a shipment. */
export type ShipmentViewRow = Pick<Shipment, 'id' | 'expressCompany' | 'trackingNo' | 'shippedAt'>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** An unpaid order past its deadline is cancelled, whether or not the expiry sweep has written it yet. */
export function effectiveStatus(o: Pick<Order, 'status' | 'payExpiresAt'>, now: Date): OrderStatus {
  return o.status === 'pending_payment' && o.payExpiresAt <= now ? 'cancelled' : o.status;
}

export function allowedActions(o: Pick<Order, 'status' | 'payExpiresAt' | 'completedAt'>, ctx: ViewContext): OrderAction[] {
  switch (effectiveStatus(o, ctx.now)) {
    case 'pending_payment':
      return ['pay', 'cancel'];
    case 'paid':
      return ['apply_after_sale'];
    case 'shipped':
      return ['confirm_receipt', 'apply_after_sale'];
    case 'completed': {
      const since = ctx.now.getTime() - (o.completedAt?.getTime() ?? 0);
      return [
        ...(since < ctx.afterSaleDays * 86_400_000 ? (['apply_after_sale'] as const) : []),
        ...(since < ctx.reviewDays * 86_400_000 ? (['review'] as const) : []),
        'rebuy',
      ];
    }
    default:
      return ['rebuy'];
  }
}

export function toItemView(i: OrderItem): OrderItemView {
  return {
    id: i.id,
    skuId: i.skuId,
    productId: i.productId,
    title: i.title,
    specText: i.specText,
    image: i.image,
    unitPrice: i.unitPrice,
    quantity: i.quantity,
    lineTotal: i.lineTotal,
    discountAmount: i.discountAmount,
    paidAmount: i.paidAmount,
    refundedQuantity: i.refundedQuantity,
    refundedAmount: i.refundedAmount,
  };
}

/** The buyer sees the code once the order is paid (until then it collects nothing); admin views never do. */
export function toPickupView(p: OrderPickup, o: Pick<Order, 'orderNo' | 'paidAt'>, showCode: boolean): PickupView {
  const code = showCode && o.paidAt ? p.code : null;
  return {
    storeId: p.storeId,
    storeName: p.storeName,
    pickerName: p.pickerName,
    pickerPhone: p.pickerPhone,
    status: p.status,
    code,
    qrPayload: code ? `wxmall:pickup:${o.orderNo}:${code}` : null,
    readyAt: iso(p.readyAt),
    dueAt: iso(p.dueAt),
    pickedUpAt: iso(p.pickedUpAt),
  };
}

export function toOrderView(
  o: Order,
  items: OrderItem[],
  ctx: ViewContext,
  shipments: ShipmentViewRow[] = [],
  pickup: OrderPickup | null = null,
  showCode = false,
): OrderView {
  const status = effectiveStatus(o, ctx.now);
  const lazilyExpired = status !== o.status;
  return {
    id: o.id,
    orderNo: o.orderNo,
    status,
    itemsTotal: o.itemsTotal,
    shippingFee: o.shippingFee,
    discountTotal: o.discountTotal,
    deliveryMode: o.deliveryMode,
    pickup: pickup ? toPickupView(pickup, o, showCode) : null,
    couponId: o.couponId,
    payAmount: o.payAmount,
    paidAmount: o.paidAmount,
    refundedAmount: o.refundedAmount,
    payExpiresAt: o.payExpiresAt.toISOString(),
    address: o.address,
    remark: o.remark,
    items: items.map(toItemView),
    actions: allowedActions(o, ctx),
    shipments: shipments.map((s) => ({
      id: s.id,
      expressCompany: s.expressCompany,
      trackingNo: s.trackingNo,
      shippedAt: s.shippedAt.toISOString(),
    })),
    createdAt: o.createdAt.toISOString(),
    paidAt: iso(o.paidAt),
    shippedAt: iso(o.shippedAt),
    completedAt: iso(o.completedAt),
    cancelledAt: lazilyExpired ? o.payExpiresAt.toISOString() : iso(o.cancelledAt),
    cancelReason: lazilyExpired ? 'expired' : o.cancelReason,
  };
}

export function toEventView(e: OrderEvent): OrderEventView {
  return {
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: e.actor,
    actorId: e.actorId,
    note: e.note,
    createdAt: e.createdAt.toISOString(),
  };
}
