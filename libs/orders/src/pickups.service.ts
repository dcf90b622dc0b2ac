import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AdminIdentity } from '@app/auth';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDate, dbValue, execute, TransactionRunner, writeLock } from '@app/database';
import { AdminOrdersService } from './admin-orders.service';
import type { AdminOrderView } from './dto/order-view.dto';
import type { AdminPickupView, PickupListQuery, VerifyPickupDto } from './dto/pickup.dto';
import { OrderLifecycle } from './order-lifecycle';
import { OrderPickup } from './order-pickup.entity';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersErrors } from './orders.errors';
import { INSERT_PICKUP_EVENT, PICKUP_DONE, PICKUP_EXTEND, PICKUP_READY } from './orders.sql';
import { type PickupStatus, pickupStates } from './pickup-state';

const DAY_MS = 86_400_000;
const QR = /^wxmall:pickup:([0-9A-Za-z]{1,32}):(\d{8})$/;

/**
 * Pick-up at a store after payment: the operator or the store's staff marks the order ready (WeChat hears of it with
 * logistics type 4, through the durable job), then confirms collection by the buyer's code, which completes the
 * order. Store staff (role store_staff) see and act on their own store's pick-ups only; others' are 404.
 */
@Injectable()
export class PickupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly transitions: OrderTransitions,
    private readonly lifecycle: OrderLifecycle,
    private readonly adminOrders: AdminOrdersService,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async list(admin: AdminIdentity, q: PickupListQuery): Promise<Page<AdminPickupView>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.manager.createQueryBuilder(OrderPickup, 'p').innerJoin(Order, 'o', 'o.id = p.orderId');
    const store = storeScope(admin) ?? q.storeId;
    if (store !== undefined) qb.andWhere('p.storeId = :store', { store });
    if (q.unclaimed)
      qb.andWhere('p.status = :ready AND p.dueAt <= :now AND o.status = :paid', { ready: 'ready', paid: 'paid', now: this.clock.now() });
    else if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    const total = await qb.getCount();
    const rows = await qb
      .select([
        'p.orderId AS orderId',
        'o.orderNo AS orderNo',
        'o.status AS orderStatus',
        'p.storeId AS storeId',
        'p.storeName AS storeName',
        'p.pickerName AS pickerName',
        'p.pickerPhone AS pickerPhone',
        'p.status AS status',
        'o.payAmount AS payAmount',
        'o.paidAt AS paidAt',
        'p.readyAt AS readyAt',
        'p.dueAt AS dueAt',
        'p.pickedUpAt AS pickedUpAt',
      ])
      .orderBy('p.orderId', 'DESC')
      .offset(offset)
      .limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const m = this.ds.manager;
    const date = (v: unknown): string | null => dbDate(m, v)?.toISOString() ?? null;
    return toPage(
      rows.map((r) => ({
        orderId: Number(r.orderId),
        orderNo: String(r.orderNo),
        orderStatus: r.orderStatus as AdminPickupView['orderStatus'],
        storeId: Number(r.storeId),
        storeName: String(r.storeName),
        pickerName: String(r.pickerName),
        pickerPhone: String(r.pickerPhone),
        status: r.status as PickupStatus,
        payAmount: Number(r.payAmount),
        paidAt: date(r.paidAt),
        readyAt: date(r.readyAt),
        dueAt: date(r.dueAt),
        pickedUpAt: date(r.pickedUpAt),
      })),
      total,
      q,
    );
  }

  /** preparing -> ready: the buyer may come; due PICKUP_UNCLAIMED_DAYS from now. */
  async ready(admin: AdminIdentity, orderId: number): Promise<AdminOrderView> {
    await this.tx.run(async (m) => {
      const { order, pickup } = await this.load(m, admin, orderId, 'mark ready');
      this.expect(pickup, 'ready', 'mark ready');
      const now = this.clock.now();
      const due = new Date(now.getTime() + this.config.business.pickupUnclaimedDays * DAY_MS);
      const at = dbValue(m, now);
      if (!(await execute(m, PICKUP_READY, [at, dbValue(m, due), at, orderId])))
        throw OrdersErrors.pickupStateConflict(pickup.status, 'mark ready');
      await this.audit(m, order.id, pickup.status, 'ready', admin, 'ready for pick-up', now);
      await this.lifecycle.emitPickupStep(m, { orderId, step: 'ready' });
    });
    return this.adminOrders.detail(orderId);
  }

  /** ready -> picked_up by the buyer's code (or QR text), completing the order. */
  async verify(admin: AdminIdentity, dto: VerifyPickupDto): Promise<AdminOrderView> {
    const orderId = await this.findByCode(admin, dto);
    await this.tx.run(async (m) => {
      const { order, pickup } = await this.load(m, admin, orderId, 'confirm pick-up');
      this.expect(pickup, 'picked_up', 'confirm pick-up');
      const now = this.clock.now();
      if (!(await execute(m, PICKUP_DONE, [dbValue(m, now), dbValue(m, now), orderId])))
        throw OrdersErrors.pickupStateConflict(pickup.status, 'confirm pick-up');
      await this.audit(m, order.id, 'ready', 'picked_up', admin, 'code verified', now);
      const done = await this.transitions.apply(m, {
        order,
        step: 'completed',
        actor: 'admin',
        actorId: admin.adminId,
        note: `picked up at ${pickup.storeName}`,
        values: { completedAt: now },
      });
      if (!done) throw OrdersErrors.stateConflict(order.status, 'confirm pick-up');
      await this.lifecycle.emitPickupStep(m, { orderId, step: 'picked_up' });
    });
    return this.adminOrders.detail(orderId);
  }

  /** A ready pick-up not collected in time: the operator gives the buyer more days (or refunds through after-sale). */
  async extend(admin: AdminIdentity, orderId: number, days: number): Promise<AdminOrderView> {
    await this.tx.run(async (m) => {
      const { pickup } = await this.load(m, admin, orderId, 'extend');
      const now = this.clock.now();
      const due = new Date(now.getTime() + days * DAY_MS);
      if (pickup.status !== 'ready' || !(await execute(m, PICKUP_EXTEND, [dbValue(m, due), dbValue(m, now), orderId])))
        throw OrdersErrors.pickupStateConflict(pickup.status, 'extend');
      await this.audit(m, orderId, 'ready', 'ready', admin, `extended by ${days} days`, now);
    });
    return this.adminOrders.detail(orderId);
  }

  private async findByCode(admin: AdminIdentity, dto: VerifyPickupDto): Promise<number> {
    const qr = QR.exec(dto.code);
    const code = qr ? qr[2]! : dto.code;
    const qb = this.ds.manager
      .createQueryBuilder(OrderPickup, 'p')
      .select('p.orderId', 'orderId')
      .where('p.code = :code AND p.status = :ready', { code, ready: 'ready' });
    const store = storeScope(admin) ?? dto.storeId;
    if (store !== undefined) qb.andWhere('p.storeId = :store', { store });
    if (qr) qb.innerJoin(Order, 'o', 'o.id = p.orderId').andWhere('o.orderNo = :orderNo', { orderNo: qr[1] });
    const rows = await qb.limit(2).getRawMany<{ orderId: number }>();
    if (rows.length === 0) throw OrdersErrors.pickupCodeInvalid();
    if (rows.length > 1) throw OrdersErrors.pickupCodeAmbiguous();
    return Number(rows[0]!.orderId);
  }

  /** The order (row locked) and its pick-up, within the admin's store; a delivery order or another store's is refused. */
  private async load(
    m: EntityManager,
    admin: AdminIdentity,
    orderId: number,
    action: string,
  ): Promise<{ order: Order; pickup: OrderPickup }> {
    const order = await m.findOne(Order, { where: { id: orderId }, ...writeLock(m) });
    if (!order) throw OrdersErrors.notFound();
    const pickup = await m.findOne(OrderPickup, { where: { orderId } });
    const scope = storeScope(admin);
    if (scope !== undefined && pickup?.storeId !== scope) throw OrdersErrors.notFound();
    if (order.deliveryMode !== 'pickup' || !pickup) throw OrdersErrors.wrongDeliveryMode(order.deliveryMode, action);
    if (order.status !== 'paid') throw OrdersErrors.stateConflict(order.status, action);
    return { order, pickup };
  }

  private expect(pickup: OrderPickup, to: PickupStatus, action: string): void {
    if (!pickupStates.can(pickup.status, to)) throw OrdersErrors.pickupStateConflict(pickup.status, action);
  }

  private async audit(
    m: EntityManager,
    orderId: number,
    from: PickupStatus,
    to: PickupStatus,
    admin: AdminIdentity,
    note: string,
    at: Date,
  ): Promise<void> {
    await execute(m, INSERT_PICKUP_EVENT, [orderId, from, to, 'admin', admin.adminId, note, dbValue(m, at)]);
  }
}

/** The store a store_staff account is limited to; undefined for everyone else. */
function storeScope(admin: AdminIdentity): number | undefined {
  return admin.role === 'store_staff' ? (admin.storeId ?? -1) : undefined;
}
