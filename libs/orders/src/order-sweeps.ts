import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { Clock } from '@app/common';
import { TransactionRunner } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { SettingsService } from '@app/settings';
import { Order } from './order.entity';
import { OrdersService } from './orders.service';

const BATCH = 100;
export const EXPIRE_SWEEP = 'orders.expire-unpaid';
export const AUTO_CONFIRM_SWEEP = 'orders.auto-confirm';

/**
 * Periodic order work: cancel unpaid orders past their deadline (stock back, reason `expired`) and
 * confirm receipt ORDER_AUTO_CONFIRM_DAYS after shipping. Each order is handled by a conditional
 * transition, so sweeps racing on several instances (or with a buyer) act once per order.
 */
@Injectable()
export class OrderSweeps implements OnModuleInit {
  private readonly logger = new Logger(OrderSweeps.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrdersService,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  onModuleInit(): void {
    this.registry.defineSweep(EXPIRE_SWEEP, 60_000, () => this.expireUnpaid());
    this.registry.defineSweep(AUTO_CONFIRM_SWEEP, 10 * 60_000, () => this.autoConfirm());
  }

  async expireUnpaid(): Promise<number> {
    let cancelled = 0;
    for (;;) {
      const due = await this.ds.manager.find(Order, {
        where: { status: 'pending_payment', payExpiresAt: LessThanOrEqual(this.clock.now()) },
        select: { id: true },
        order: { payExpiresAt: 'ASC' },
        take: BATCH,
      });
      for (const o of due) if (await this.orders.cancel(o.id, { kind: 'system', id: null }, 'expired', { expiredOnly: true })) cancelled++;
      if (due.length < BATCH) return cancelled;
    }
  }

  async autoConfirm(): Promise<number> {
    const before = new Date(this.clock.now().getTime() - this.settings.current().orderAutoConfirmDays * 86_400_000);
    let confirmed = 0;
    for (;;) {
      const due = await this.ds.manager.find(Order, {
        where: { status: 'shipped', shippedAt: LessThanOrEqual(before) },
        select: { id: true, orderNo: true, userId: true, status: true },
        order: { shippedAt: 'ASC' },
        take: BATCH,
      });
      for (const o of due) {
        if (await this.tx.run((m) => this.orders.complete(m, o, { kind: 'system', id: null }, 'auto-confirmed'))) confirmed++;
      }
      if (due.length < BATCH) {
        if (confirmed > 0) this.logger.log({ confirmed }, 'orders auto-confirmed');
        return confirmed;
      }
    }
  }
}
