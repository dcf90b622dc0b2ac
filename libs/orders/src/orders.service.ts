import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager, In } from 'typeorm';
import { InventoryService } from '@app/catalog';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner } from '@app/database';
import { SettingsService } from '@app/settings';
import type { OrderListQuery } from './dto/order-query.dto';
import { toOrderView, type OrderView, type ViewContext } from './dto/order.mappers';
import { OrderItem } from './order-item.entity';
import { ORDER_STATUSES, type OrderActor, type OrderStatus } from './order-state';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { Shipment } from './shipment.entity';

export interface Actor {
  kind: OrderActor;
  id: number | null;
}

/** The states an unpaid order past its deadline moves between when shown (query parameters). */
const SHOWN = { pending: 'pending_payment', cancelled: 'cancelled' } as const satisfies Record<string, OrderStatus>;

/** Shopper-facing reads and actions on orders, and the cancellation every path shares. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly transitions: OrderTransitions,
    private readonly inventory: InventoryService,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  viewContext(): ViewContext {
    return { now: this.clock.now(), afterSaleDays: this.settings.current().afterSaleDays, reviewDays: this.config.reviews.reviewDays };
  }

  /** Order, items and shipments in three queries; another user's order is 404. */
  async detail(userId: number, orderId: number): Promise<OrderView> {
    const order = await this.ds.manager.findOne(Order, { where: { id: orderId, userId } });
    if (!order) throw OrdersErrors.notFound();
    const [items, shipments] = await Promise.all([
      this.ds.manager.find(OrderItem, { where: { orderId }, order: { id: 'ASC' } }),
      this.ds.manager.find(Shipment, { where: { orderId }, order: { id: 'ASC' } }),
    ]);
    return toOrderView(order, items, this.viewContext(), shipments);
  }

  /** Own orders, newest first; an unpaid order past its deadline lists as cancelled. */
  async list(userId: number, q: OrderListQuery): Promise<Page<OrderView>> {
    const { offset, pageSize } = pageParams(q);
    const now = this.clock.now();
    const qb = this.ds.manager.createQueryBuilder(Order, 'o').where('o.userId = :userId', { userId });
    if (q.status === 'pending_payment') qb.andWhere('o.status = :pending AND o.payExpiresAt > :now', { ...SHOWN, now });
    else if (q.status === 'cancelled') {
      qb.andWhere(
        new Brackets((w) => w.where('o.status = :cancelled').orWhere('o.status = :pending AND o.payExpiresAt <= :now', { ...SHOWN, now })),
      );
    } else if (q.status) qb.andWhere('o.status = :status', { status: q.status });
    const [orders, total] = await qb.orderBy('o.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    return toPage(await this.withItems(orders), total, q);
  }

  /** Own orders per status, for the user-center badges. */
  async counts(userId: number): Promise<Record<OrderStatus, number>> {
    // Grouped by the shown state (an alias unlike any column: `GROUP BY status` would group by the stored column,
    // which MySQL 8 refuses under ONLY_FULL_GROUP_BY and which split expired unpaid orders from their bucket).
    const rows = await this.ds.manager
      .createQueryBuilder(Order, 'o')
      .select('CASE WHEN o.status = :pending AND o.payExpiresAt <= :now THEN :cancelled ELSE o.status END', 'shown')
      .addSelect('COUNT(*)', 'n')
      .where('o.userId = :userId', { ...SHOWN, userId, now: this.clock.now() })
      .groupBy('shown')
      .getRawMany<{ shown: OrderStatus; n: number | string }>();
    const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
    for (const r of rows) counts[r.shown] = Number(r.n);
    return counts;
  }

  async cancelByUser(userId: number, orderId: number): Promise<OrderView> {
    const done = await this.cancel(orderId, { kind: 'user', id: userId }, 'cancelled by buyer', { userId });
    if (!done) throw OrdersErrors.stateConflict(await this.statusOf(orderId), 'cancel');
    return this.detail(userId, orderId);
  }

  async confirmReceipt(userId: number, orderId: number): Promise<OrderView> {
    const done = await this.tx.run(async (m) => {
      const order = await m.findOne(Order, {
        where: { id: orderId, userId },
        select: { id: true, orderNo: true, userId: true, status: true },
      });
      if (!order) throw OrdersErrors.notFound();
      if (order.status !== 'shipped') return false;
      return this.complete(m, order, { kind: 'user', id: userId }, 'receipt confirmed by buyer');
    });
    if (!done) throw OrdersErrors.stateConflict(await this.statusOf(orderId), 'confirm receipt');
    return this.detail(userId, orderId);
  }

  /**
   * Cancels an unpaid order and returns its stock, exactly once: the conditional status change lets
   * only one of several racing cancellers (buyer, admin, expiry sweep, on any instance) through, and
   * only that one releases stock. `expiredOnly` refuses orders whose deadline has not passed.
   * Returns false when the order was no longer unpaid.
   */
  async cancel(orderId: number, actor: Actor, reason: string, opts: { userId?: number; expiredOnly?: boolean } = {}): Promise<boolean> {
    return this.tx.run(async (m) => {
      const order = await m.findOne(Order, {
        where: { id: orderId, ...(opts.userId ? { userId: opts.userId } : {}) },
        select: { id: true, orderNo: true, userId: true, status: true, payExpiresAt: true },
      });
      if (!order) throw OrdersErrors.notFound();
      if (order.status !== 'pending_payment') return false;
      const now = this.clock.now();
      const expired = order.payExpiresAt <= now;
      const note = expired ? 'expired' : reason;
      const moved = await this.transitions.apply(m, {
        order,
        ...(opts.expiredOnly ? { step: 'expired' as const, and: [now] } : { step: 'cancelled' as const }),
        actor: actor.kind,
        actorId: actor.id,
        note,
        values: { cancelledAt: now, cancelReason: note },
      });
      if (!moved) return false;
      const items = await m.find(OrderItem, { where: { orderId }, select: { skuId: true, quantity: true } });
      await this.inventory.releaseStock(m, items, 'order_cancel', { type: 'order', id: orderId });
      return true;
    });
  }

  /** shipped -> completed (buyer confirmation or the auto-confirm sweep). */
  async complete(
    m: EntityManager,
    order: Pick<Order, 'id' | 'orderNo' | 'userId' | 'status'>,
    actor: Actor,
    note: string,
  ): Promise<boolean> {
    return this.transitions.apply(m, {
      order,
      step: 'completed',
      actor: actor.kind,
      actorId: actor.id,
      note,
      values: { completedAt: this.clock.now() },
    });
  }

  async statusOf(orderId: number): Promise<OrderStatus> {
    const o = await this.ds.manager.findOne(Order, { where: { id: orderId }, select: { status: true } });
    if (!o) throw OrdersErrors.notFound();
    return o.status;
  }

  /** Items of a page of orders in one query (no N+1). */
  async withItems(orders: Order[]): Promise<OrderView[]> {
    const items = orders.length
      ? await this.ds.manager.find(OrderItem, { where: { orderId: In(orders.map((o) => o.id)) }, order: { id: 'ASC' } })
      : [];
    const byOrder = new Map<number, OrderItem[]>();
    for (const i of items) byOrder.set(i.orderId, [...(byOrder.get(i.orderId) ?? []), i]);
    const ctx = this.viewContext();
    return orders.map((o) => toOrderView(o, byOrder.get(o.id) ?? [], ctx));
  }
}
