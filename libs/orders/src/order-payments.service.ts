import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbDate, select } from '@app/database';
import { effectiveStatus } from './dto/order.mappers';
import { OrderItem } from './order-item.entity';
import { OrderPickup } from './order-pickup.entity';
import type { OrderStatus } from './order-state';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { LOCK_ORDER, ORDER_DESCRIPTION, ORDER_TO_PAY, ORDER_TO_PAY_FOR } from './orders.sql';
import { Shipment } from './shipment.entity';

export interface PayableOrder {
  id: number;
  orderNo: string;
  userId: number;
  payAmount: number;
  payExpiresAt: Date;
  /** For the payment description shown on the buyer's bill. */
  description: string;
}

export type MarkPaidResult = 'paid' | 'already_paid' | 'not_payable';

export interface ShippingFacts {
  orderId: number;
  orderNo: string;
  /** WeChat's logistics_type: 1 express delivery, 4 user pick-up at a store (then no shipment, no tracking). */
  logisticsType: 1 | 4;
  /** The shipment (delivery); null for a pick-up. */
  shipmentId: number | null;
  expressCompany: string;
  trackingNo: string;
  /** "商品A*1;商品B*2", at most 120 characters (WeChat's limit). */
  itemDesc: string;
  receiverPhone: string;
  shippedAt: Date;
  uploaded: boolean;
}

/** What the payments module may do with orders (it depends on orders, never the reverse). */
@Injectable()
export class OrderPaymentsService {
  constructor(
    private readonly ds: DataSource,
    private readonly transitions: OrderTransitions,
    private readonly clock: Clock,
  ) {}

  /** The caller's unpaid, unexpired order, or 404 / 409 ORDER_STATE_CONFLICT. */
  async findPayable(userId: number, orderId: number): Promise<PayableOrder> {
    const m = this.ds.manager;
    const [row] = await select(m, ORDER_TO_PAY_FOR, [orderId, userId]);
    if (!row) throw OrdersErrors.notFound();
    const order = { ...row, payExpiresAt: dbDate(m, row.payExpiresAt)! };
    const status = effectiveStatus(order, this.clock.now());
    if (status !== 'pending_payment') throw OrdersErrors.stateConflict(status, 'pay');
    const [first] = await select(m, ORDER_DESCRIPTION, [orderId]);
    const count = Number(first?.n ?? 0);
    return {
      id: order.id,
      orderNo: order.orderNo,
      userId: order.userId,
      payAmount: order.payAmount,
      payExpiresAt: order.payExpiresAt,
      description: count > 1 ? `${first?.title ?? '订单'} 等${count}件商品` : (first?.title ?? '订单'),
    };
  }

  async findByOrderNo(
    manager: EntityManager | undefined,
    orderNo: string,
  ): Promise<{ id: number; userId: number; status: OrderStatus; payAmount: number } | null> {
    return (manager ?? this.ds.manager).findOne(Order, {
      where: { orderNo },
      select: { id: true, userId: true, status: true, payAmount: true },
    });
  }

  /**
   * pending_payment -> paid, in the caller's transaction, guarded by the state machine, the amount
   * and the deadline (`paidAt` must not be after `pay_expires_at`). A cancelled or expired order is
   * never revived: the answer is 'not_payable' and the caller refunds the money.
   */
  async markPaid(m: EntityManager, orderId: number, paidAmount: number, paidAt: Date, note: string): Promise<MarkPaidResult> {
    const [order] = await select(m, ORDER_TO_PAY, [orderId]);
    if (!order) throw OrdersErrors.notFound();
    if (order.status !== 'pending_payment') return Number(order.paid) === 1 ? 'already_paid' : 'not_payable';
    if (paidAmount !== order.payAmount) throw OrdersErrors.amountMismatch(order.payAmount, paidAmount);
    const moved = await this.transitions.apply(m, {
      order,
      step: 'paid',
      actor: 'wechat',
      note,
      values: { paidAt, paidAmount },
      and: [paidAt],
    });
    if (moved) return 'paid';
    // Lost a race (another delivery paid it, or the deadline passed): read where it stands now.
    const [now] = await select(m, ORDER_TO_PAY, [orderId]);
    return Number(now?.paid) === 1 ? 'already_paid' : 'not_payable';
  }

  /**
   * Locks the order row for the rest of the caller's transaction. Every transaction that moves an order's money
   * after payment (after-sale decisions, refund settlement, shipping) takes this lock first, so they serialize on
   * one row and in one order.
   */
  async lock(m: EntityManager, orderId: number): Promise<void> {
    await select(m, LOCK_ORDER, [orderId]);
  }

  /**
   * Adds a settled refund to the order's refunded_amount, once per refund (the caller's refund row
   * transition guarantees that), never beyond what was paid.
   */
  async addRefunded(m: EntityManager, orderId: number, amount: number): Promise<void> {
    const res = await m
      .createQueryBuilder()
      .update(Order)
      .set({ refundedAmount: () => 'refunded_amount + :amount', updatedAt: this.clock.now() })
      .where('id = :orderId AND refunded_amount + :amount <= paid_amount', { orderId, amount })
      .execute();
    if (!res.affected) throw new Error(`order ${orderId}: refund of ${amount} would exceed the paid amount`);
  }

  /** What WeChat's shipping-info upload needs about the latest shipment of an order, or its pick-up once ready. */
  async shippingFacts(orderId: number): Promise<ShippingFacts | null> {
    const order = await this.ds.manager.findOne(Order, {
      where: { id: orderId },
      select: { id: true, orderNo: true, address: true, deliveryMode: true },
    });
    if (!order) return null;
    const items = await this.ds.manager.find(OrderItem, {
      where: { orderId },
      select: { title: true, quantity: true },
      order: { id: 'ASC' },
    });
    const joined = items.map((i) => `${i.title}*${i.quantity}`).join(';');
    const desc = joined.length > 120 ? `${joined.slice(0, 117)}...` : joined;
    if (order.deliveryMode === 'pickup') {
      const pickup = await this.ds.manager.findOne(OrderPickup, { where: { orderId } });
      if (!pickup?.readyAt) return null;
      return {
        orderId,
        orderNo: order.orderNo,
        logisticsType: 4,
        shipmentId: null,
        expressCompany: '',
        trackingNo: '',
        itemDesc: desc,
        receiverPhone: pickup.pickerPhone,
        shippedAt: pickup.readyAt,
        uploaded: pickup.wechatUploadedAt !== null,
      };
    }
    const shipment = await this.ds.manager.findOne(Shipment, { where: { orderId }, order: { id: 'DESC' } });
    if (!shipment) return null;
    return {
      orderId,
      orderNo: order.orderNo,
      logisticsType: 1,
      shipmentId: shipment.id,
      expressCompany: shipment.expressCompany,
      trackingNo: shipment.trackingNo,
      itemDesc: desc,
      receiverPhone: order.address.phone,
      shippedAt: shipment.shippedAt,
      uploaded: shipment.wechatUploadedAt !== null,
    };
  }

  async markShippingUploaded(facts: Pick<ShippingFacts, 'orderId' | 'shipmentId'>): Promise<void> {
    if (facts.shipmentId === null)
      await this.ds.manager.update(OrderPickup, { orderId: facts.orderId }, { wechatUploadedAt: this.clock.now() });
    else await this.ds.manager.update(Shipment, { id: facts.shipmentId }, { wechatUploadedAt: this.clock.now() });
  }
}
