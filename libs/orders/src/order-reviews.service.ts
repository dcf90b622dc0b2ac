import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { OrderItem } from './order-item.entity';
import type { OrderStatus } from './order-state';
import { Order } from './order.entity';

/** An item of a shopper's order as reviews need it: what was bought, and where the order stands. */
export interface ReviewableItem {
  orderId: number;
  orderNo: string;
  orderStatus: OrderStatus;
  completedAt: Date | null;
  orderItemId: number;
  productId: number;
  skuId: number;
  title: string;
  specText: string;
  image: string;
  quantity: number;
  refundedQuantity: number;
}

/** What the reviews module may read of orders (it depends on orders, never the reverse). */
@Injectable()
export class OrderReviewsService {
  constructor(private readonly ds: DataSource) {}

  /** One item of the shopper's own orders; another shopper's item is null (the caller answers 404). */
  async item(m: EntityManager | undefined, userId: number, orderItemId: number): Promise<ReviewableItem | null> {
    const manager = m ?? this.ds.manager;
    const item = await manager.findOne(OrderItem, { where: { id: orderItemId } });
    if (!item) return null;
    const order = await manager.findOne(Order, { where: { id: item.orderId, userId }, select: ORDER_COLUMNS });
    return order ? toItem(order, item) : null;
  }

  /** Items of the shopper's orders completed at or after `since`, newest order first (a bounded set: the review window). */
  async completedItems(userId: number, since: Date): Promise<ReviewableItem[]> {
    const orders = await this.ds.manager.find(Order, {
      where: { userId, status: 'completed', completedAt: MoreThanOrEqual(since) },
      select: ORDER_COLUMNS,
      order: { id: 'DESC' },
      take: 500,
    });
    if (orders.length === 0) return [];
    const items = await this.ds.manager.find(OrderItem, { where: { orderId: In(orders.map((o) => o.id)) }, order: { id: 'ASC' } });
    const byOrder = new Map(orders.map((o) => [o.id, o]));
    return items.map((i) => toItem(byOrder.get(i.orderId)!, i)).sort((a, b) => b.orderId - a.orderId || a.orderItemId - b.orderItemId);
  }
}

const ORDER_COLUMNS = { id: true, orderNo: true, status: true, completedAt: true } as const;

function toItem(o: Pick<Order, 'id' | 'orderNo' | 'status' | 'completedAt'>, i: OrderItem): ReviewableItem {
  return {
    orderId: o.id,
    orderNo: o.orderNo,
    orderStatus: o.status,
    completedAt: o.completedAt,
    orderItemId: i.id,
    productId: i.productId,
    skuId: i.skuId,
    title: i.title,
    specText: i.specText,
    image: i.image,
    quantity: i.quantity,
    refundedQuantity: i.refundedQuantity,
  };
}
