import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Clock } from '@app/common';
import { select, writeLock } from '@app/database';
import { effectiveStatus, type OrderItemView, toItemView } from './dto/order.mappers';
import { OrderItem } from './order-item.entity';
import type { OrderStatus } from './order-state';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { ORDER_LINES } from './orders.sql';

export interface AfterSaleOrder {
  id: number;
  orderNo: string;
  userId: number;
  status: OrderStatus;
  shippingFee: number;
  payAmount: number;
  paidAmount: number;
  refundedAmount: number;
  shippedAt: Date | null;
  completedAt: Date | null;
  items: AfterSaleOrderItem[];
}

export type AfterSaleOrderItem = OrderItemView;

export interface ItemRefund {
  orderItemId: number;
  quantity: number;
  amount: number;
}

/** What the after-sale module may read and change on orders (it depends on orders, never the reverse). */
@Injectable()
export class OrderAfterSalesService {
  constructor(
    private readonly ds: DataSource,
    private readonly transitions: OrderTransitions,
    private readonly clock: Clock,
  ) {}

  /**
   * The order with its items. With `lock`, the order row is locked for the rest of the caller's
   * transaction: after-sale decisions on one order serialize on it. Another user's order is 404.
   */
  async load(m: EntityManager | undefined, orderId: number, opts: { userId?: number; lock?: boolean } = {}): Promise<AfterSaleOrder> {
    const manager = m ?? this.ds.manager;
    const order = await manager.findOne(Order, {
      where: { id: orderId, ...(opts.userId ? { userId: opts.userId } : {}) },
      ...(opts.lock ? writeLock(manager) : {}),
    });
    if (!order) throw OrdersErrors.notFound();
    const items = await manager.find(OrderItem, { where: { orderId }, order: { id: 'ASC' } });
    return {
      id: order.id,
      orderNo: order.orderNo,
      userId: order.userId,
      status: effectiveStatus(order, this.clock.now()),
      shippingFee: order.shippingFee,
      payAmount: order.payAmount,
      paidAmount: order.paidAmount,
      refundedAmount: order.refundedAmount,
      shippedAt: order.shippedAt,
      completedAt: order.completedAt,
      items: items.map(toItemView),
    };
  }

  /** The order's lines (id order) with what commissions are computed on, for the payment's transaction. */
  async lines(m: EntityManager, orderId: number): Promise<Pick<OrderItem, 'id' | 'productId' | 'skuId' | 'quantity' | 'paidAmount'>[]> {
    return select(m, ORDER_LINES, [orderId]);
  }

  /** Title, spec text and image of order items, in one query. */
  async itemInfo(orderItemIds: number[]): Promise<Map<number, { title: string; specText: string; image: string }>> {
    if (orderItemIds.length === 0) return new Map();
    const rows = await this.ds.manager.find(OrderItem, {
      where: { id: In(orderItemIds) },
      select: { id: true, title: true, specText: true, image: true },
    });
    return new Map(rows.map((r) => [r.id, { title: r.title, specText: r.specText, image: r.image }]));
  }

  /**
   * Books a succeeded refund on the order items (once per refund: the caller's refund transition
   * guarantees it; each update is also capped by the item's quantity and paid amount), then closes
   * the order when every item is fully refunded. Returns true when the order was closed.
   */
  async recordItemRefunds(m: EntityManager, orderId: number, lines: readonly ItemRefund[], note: string): Promise<boolean> {
    for (const l of lines) {
      const res = await m
        .createQueryBuilder()
        .update(OrderItem)
        .set({ refundedQuantity: () => 'refunded_quantity + :q', refundedAmount: () => 'refunded_amount + :a' })
        .where('id = :id AND order_id = :orderId AND refunded_quantity + :q <= quantity AND refunded_amount + :a <= paid_amount', {
          id: l.orderItemId,
          orderId,
          q: l.quantity,
          a: l.amount,
        })
        .execute();
      if (!res.affected) throw new Error(`order item ${l.orderItemId}: refund of ${l.quantity} / ${l.amount} exceeds what was bought`);
    }
    const open = await m
      .createQueryBuilder(OrderItem, 'i')
      .where('i.orderId = :orderId AND i.refundedQuantity < i.quantity', { orderId })
      .getCount();
    if (open > 0) return false;
    const order = await m.findOne(Order, { where: { id: orderId }, select: { id: true, orderNo: true, userId: true, status: true } });
    if (!order || !['paid', 'shipped', 'completed'].includes(order.status)) return false;
    return this.transitions.apply(m, { order, step: 'closed', actor: 'system', note, values: { closedAt: this.clock.now() } });
  }
}
