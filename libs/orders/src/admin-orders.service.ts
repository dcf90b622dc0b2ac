import { Injectable } from '@nestjs/common';
import { DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { Clock, pageParams, toPage } from '@app/common';
import { TransactionRunner, writeLock } from '@app/database';
import type { AdminOrderListQuery } from './dto/order-query.dto';
import { toEventView, toOrderView, type AdminOrderView } from './dto/order.mappers';
import type { AdminOrderPage } from './dto/order-view.dto';
import type { CancelOrderDto, ShipOrderDto } from './dto/ship-order.dto';
import { OrderEvent } from './order-event.entity';
import { OrderItem } from './order-item.entity';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { OrdersService } from './orders.service';
import { Shipment } from './shipment.entity';

/** The admin order list counts its matches up to this many (`totalCapped` beyond). */
export const ADMIN_ORDER_COUNT_CAP = 10_000;

/** Back-office order work: search, full history, shipping, cancelling unpaid orders. */
@Injectable()
export class AdminOrdersService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrdersService,
    private readonly transitions: OrderTransitions,
    private readonly clock: Clock,
  ) {}

  /**
   * A page of orders, newest first. The total is counted up to ADMIN_ORDER_COUNT_CAP matches (`totalCapped` says when
   * more match): an exact COUNT over a year of orders read every matching index entry on every page (0.3-0.7 s at
   * 400,000 orders), a capped one reads at most the cap (docs/benchmark.md, "Growth").
   */
  async list(q: AdminOrderListQuery): Promise<AdminOrderPage> {
    const { offset, pageSize } = pageParams(q);
    const filtered = <T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> => {
      if (q.status) qb.andWhere('o.status = :status', { status: q.status });
      if (q.orderNo) qb.andWhere('o.orderNo = :orderNo', { orderNo: q.orderNo });
      if (q.userId) qb.andWhere('o.userId = :userId', { userId: q.userId });
      if (q.from) qb.andWhere('o.createdAt >= :from', { from: new Date(q.from) });
      if (q.to) qb.andWhere('o.createdAt < :to', { to: new Date(q.to) });
      return qb;
    };
    const page = filtered(this.ds.manager.createQueryBuilder(Order, 'o'));
    // Newest first. In a time range by creation time (idx_orders_created serves range and order; by id MariaDB sorted
    // the whole range: 0.9 s for a month of a year of orders), otherwise by id (idx_orders_status_id with a status).
    if (q.from || q.to) page.orderBy('o.createdAt', 'DESC').addOrderBy('o.id', 'DESC');
    else page.orderBy('o.id', 'DESC');
    const rows = await page.skip(offset).take(pageSize).getMany();
    const counted = await this.ds
      .createQueryBuilder()
      .select('COUNT(*)', 'n')
      .from((sub) => filtered(sub.select('o.id').from(Order, 'o')).limit(ADMIN_ORDER_COUNT_CAP + 1), 'capped')
      .getRawOne<{ n: number | string }>();
    const n = Number(counted?.n ?? 0);
    const views = await this.orders.withItems(rows);
    return {
      ...toPage(
        views.map((v, i) => ({ ...v, userId: rows[i]!.userId })),
        Math.min(n, ADMIN_ORDER_COUNT_CAP),
        q,
      ),
      totalCapped: n > ADMIN_ORDER_COUNT_CAP,
    };
  }

  async detail(orderId: number): Promise<AdminOrderView> {
    const order = await this.ds.manager.findOne(Order, { where: { id: orderId } });
    if (!order) throw OrdersErrors.notFound();
    const [items, shipments, events] = await Promise.all([
      this.ds.manager.find(OrderItem, { where: { orderId }, order: { id: 'ASC' } }),
      this.ds.manager.find(Shipment, { where: { orderId }, order: { id: 'ASC' } }),
      this.ds.manager.find(OrderEvent, { where: { orderId }, order: { id: 'ASC' } }),
    ]);
    const pickup = await this.orders.pickupOf(order);
    return {
      ...toOrderView(order, items, this.orders.viewContext(), shipments, pickup),
      userId: order.userId,
      events: events.map(toEventView),
    };
  }

  /** paid -> shipped with a shipment record; listeners (payments) upload the shipping info to WeChat. */
  async ship(adminId: number, orderId: number, dto: ShipOrderDto): Promise<AdminOrderView> {
    const shipped = await this.tx.run(async (m) => {
      // Locked first: a refund settling meanwhile (it updates this row) is either read below or waits, so the
      // shipment's quantities and after-sale's open-request check (a lifecycle listener) see the same state.
      const order = await m.findOne(Order, {
        where: { id: orderId },
        select: { id: true, orderNo: true, userId: true, status: true, deliveryMode: true },
        ...writeLock(m),
      });
      if (!order) throw OrdersErrors.notFound();
      if (order.deliveryMode === 'pickup') throw OrdersErrors.wrongDeliveryMode('pickup', 'ship');
      if (order.status !== 'paid') return false;
      const now = this.clock.now();
      const items = await m.find(OrderItem, { where: { orderId }, select: { id: true, quantity: true, refundedQuantity: true } });
      await m.insert(Shipment, {
        orderId,
        expressCompany: dto.expressCompany.toUpperCase(),
        trackingNo: dto.trackingNo,
        items: items.map((i) => ({ orderItemId: i.id, quantity: i.quantity - i.refundedQuantity })),
        shippedAt: now,
        wechatUploadedAt: null,
      });
      return this.transitions.apply(m, {
        order,
        step: 'shipped',
        actor: 'admin',
        actorId: adminId,
        note: `${dto.expressCompany.toUpperCase()} ${dto.trackingNo}`,
        values: { shippedAt: now },
      });
    });
    if (!shipped) throw OrdersErrors.stateConflict(await this.orders.statusOf(orderId), 'ship');
    return this.detail(orderId);
  }

  async cancel(adminId: number, orderId: number, dto: CancelOrderDto): Promise<AdminOrderView> {
    const done = await this.orders.cancel(orderId, { kind: 'admin', id: adminId }, dto.reason);
    if (!done) throw OrdersErrors.stateConflict(await this.orders.statusOf(orderId), 'cancel');
    return this.detail(orderId);
  }
}
