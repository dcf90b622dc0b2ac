import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { Clock } from '@app/common';
import { JobRegistry } from '@app/jobs';
import { OrderPaymentsService } from '@app/orders';
import { Payment } from './payment.entity';
import { PaymentsService } from './payments.service';
import { PAYMENT_PROVIDER, type PaymentProvider } from './providers/payment-provider';
import { Refund } from './refund.entity';
import { RefundsService } from './refunds.service';

export const RECONCILE_PAYMENTS_SWEEP = 'payments.reconcile';
export const RECONCILE_REFUNDS_SWEEP = 'payments.reconcile-refunds';
/** Notifications usually arrive within seconds; after this long, ask. */
const PAYMENT_QUIET_MS = 5 * 60_000;
const REFUND_QUIET_MS = 10 * 60_000;
const BATCH = 50;

/**
 * Missed notifications lose nothing: payments still pending a few minutes after the buyer opened the
 * cashier are queried and applied exactly as a notification would; refunds still processing are
 * queried and settled.
 */
@Injectable()
export class Reconciliation implements OnModuleInit {
  private readonly logger = new Logger(Reconciliation.name);

  constructor(
    private readonly ds: DataSource,
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
    private readonly orders: OrderPaymentsService,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
  ) {}

  onModuleInit(): void {
    this.registry.defineSweep(RECONCILE_PAYMENTS_SWEEP, 2 * 60_000, () => this.reconcilePayments());
    this.registry.defineSweep(RECONCILE_REFUNDS_SWEEP, 5 * 60_000, () => this.reconcileRefunds());
  }

  async reconcilePayments(): Promise<number> {
    const quietSince = new Date(this.clock.now().getTime() - PAYMENT_QUIET_MS);
    const pending = await this.ds.manager.find(Payment, {
      where: { status: 'pending', prepayId: Not(IsNull()), updatedAt: LessThanOrEqual(quietSince) },
      order: { updatedAt: 'ASC' },
      take: BATCH,
    });
    let settled = 0;
    for (const p of pending) {
      try {
        const t = await this.payments.reconcile(p.outTradeNo);
        if (t?.state === 'SUCCESS' || t?.state === 'REFUND') settled++;
        else {
          // Not paid: look again later unless the order is over (then the close job takes it).
          const order = await this.orders.findByOrderNo(undefined, p.outTradeNo);
          if (order && order.status !== 'pending_payment' && t?.state === 'CLOSED') {
            await this.payments.closeIfPending(this.ds.manager, p.id, 'closed at WeChat Pay (reconciliation)');
          } else {
            await this.ds.manager.update(Payment, { id: p.id, status: 'pending' }, { updatedAt: this.clock.now() });
          }
        }
      } catch (err) {
        this.logger.warn({ outTradeNo: p.outTradeNo, error: (err as Error).message }, 'payment reconciliation failed; will retry');
      }
    }
    if (settled > 0) this.logger.log({ settled }, 'payments settled by reconciliation (notification missed)');
    return settled;
  }

  async reconcileRefunds(): Promise<number> {
    const quietSince = new Date(this.clock.now().getTime() - REFUND_QUIET_MS);
    const open = await this.ds.manager.find(Refund, {
      where: { status: In(['processing']), updatedAt: LessThanOrEqual(quietSince) },
      order: { updatedAt: 'ASC' },
      take: BATCH,
    });
    let settled = 0;
    for (const r of open) {
      try {
        const answer = await this.provider.queryRefund(r.outRefundNo);
        if (answer && (await this.refunds.settle(r.outRefundNo, answer))) settled++;
        else await this.ds.manager.update(Refund, { id: r.id, status: r.status }, { updatedAt: this.clock.now() });
      } catch (err) {
        this.logger.warn({ outRefundNo: r.outRefundNo, error: (err as Error).message }, 'refund reconciliation failed; will retry');
      }
    }
    return settled;
  }
}
