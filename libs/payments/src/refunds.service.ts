import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { TransactionRunner, writeLock } from '@app/database';
import { JobRegistry, JobsService } from '@app/jobs';
import { OrderPaymentsService } from '@app/orders';
import { WebhookEvents } from '@app/webhooks';
import { WechatPayApiError } from '@app/wechat';
import type { RefundsQuery } from './dto/refunds-query.dto';
import { toRefundView, type RefundView } from './dto/payment.mappers';
import { Payment } from './payment.entity';
import { REFUND_JOB, SUBSCRIBE_JOB } from './payment-jobs';
import { type PaymentCause, PaymentTransitions } from './payment-transitions.service';
import { PaymentsErrors } from './payments.errors';
import { PAYMENT_PROVIDER, type PaymentProvider, type ProviderRefund } from './providers/payment-provider';
import { refundStates } from './refund-state';
import { Refund, type RefundStatus } from './refund.entity';

export interface RefundSettledEvent {
  refundId: number;
  orderId: number;
  afterSaleId: number | null;
  amount: number;
  status: RefundStatus;
}

export type RefundListener = (m: EntityManager, e: RefundSettledEvent) => Promise<void>;

const PROVIDER_STATUS: Record<ProviderRefund['status'], RefundStatus> = {
  SUCCESS: 'succeeded',
  PROCESSING: 'processing',
  ABNORMAL: 'abnormal',
  CLOSED: 'closed',
};

/**
 * Executes and settles refunds. The job calls the provider with the refund's own out_refund_no (the
 * same one on every retry, so WeChat Pay never refunds twice); the answer, a refund notification or
 * the refund-query sweep settle it, whichever comes first: each status change is conditional, so the
 * money bookkeeping (payment and order refunded amounts) happens once.
 */
@Injectable()
export class RefundsService implements OnModuleInit {
  private readonly logger = new Logger(RefundsService.name);
  private readonly listeners: RefundListener[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrderPaymentsService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    private readonly transitions: PaymentTransitions,
    private readonly clock: Clock,
    private readonly webhooks: WebhookEvents,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(REFUND_JOB, (p) => this.execute(p.refundId), { maxAttempts: 10 });
  }

  /** After-sale subscribes to learn when its refund succeeded or failed. */
  onSettled(listener: RefundListener): void {
    this.listeners.push(listener);
  }

  async execute(refundId: number): Promise<void> {
    const refund = await this.ds.manager.findOne(Refund, { where: { id: refundId } });
    if (!refund || (refund.status !== 'pending' && refund.status !== 'processing')) return;
    const payment = await this.ds.manager.findOneOrFail(Payment, { where: { id: refund.paymentId } });
    let result: ProviderRefund;
    try {
      result = await this.provider.refund({
        outTradeNo: payment.outTradeNo,
        outRefundNo: refund.outRefundNo,
        amount: refund.amount,
        total: payment.amount,
        reason: refund.reason,
      });
    } catch (err) {
      if (err instanceof WechatPayApiError && !err.retryable) {
        // Refused for a reason retrying will not fix (e.g. merchant balance): a person must act.
        await this.settle(
          refund.outRefundNo,
          { status: 'ABNORMAL', refundId: null, succeededAt: null },
          `${err.code}: ${err.message}`,
          'system',
        );
        return;
      }
      throw err; // timeouts and outages: the job retries with the same out_refund_no
    }
    await this.settle(refund.outRefundNo, result);
  }

  /**
   * Applies a provider's word on a refund (job answer or query); `system` when we concluded it ourselves (a refusal
   * retrying cannot fix). Returns whether it changed anything.
   */
  async settle(outRefundNo: string, r: ProviderRefund, error?: string, actor: PaymentCause['actor'] = 'wechat'): Promise<boolean> {
    return this.tx.run((m) => this.settleIn(m, outRefundNo, r, error, actor));
  }

  /** The same, in the caller's transaction (refund notifications record and settle together). */
  async settleIn(
    m: EntityManager,
    outRefundNo: string,
    r: ProviderRefund,
    error?: string,
    actor: PaymentCause['actor'] = 'wechat',
  ): Promise<boolean> {
    const to = PROVIDER_STATUS[r.status];
    const found = await m.findOne(Refund, { where: { outRefundNo }, select: { id: true, orderId: true } });
    if (!found) throw new Error(`unknown out_refund_no ${outRefundNo}`);
    // The order row first, like every after-sale decision on the order (no lock cycle with an approval).
    await this.orders.lock(m, found.orderId);
    const refund = await m.findOneOrFail(Refund, { where: { id: found.id }, ...writeLock(m) });
    if (refund.status === to || !refundStates.can(refund.status, to)) return false;
    const now = this.clock.now();
    const lastError = to === 'abnormal' || to === 'closed' ? (error ?? `provider reported ${r.status}`).slice(0, 500) : null;
    const settled = await this.transitions.refund(
      m,
      refund,
      'settle',
      to,
      {
        wechatRefundId: r.refundId ?? refund.wechatRefundId,
        succeededAt: to === 'succeeded' ? (r.succeededAt ?? now) : refund.succeededAt,
        lastError,
      },
      { actor, note: lastError ?? `WeChat Pay: ${r.status}` },
    );
    if (!settled) return false; // the row is locked: unreachable, but never book twice
    if (to === 'succeeded') {
      await m
        .createQueryBuilder()
        .update(Payment)
        .set({ refundedAmount: () => 'refunded_amount + :amount', updatedAt: now })
        .where('id = :id AND refunded_amount + :amount <= amount', { id: refund.paymentId, amount: refund.amount })
        .execute();
      // Money returned for a payment that never paid the order does not count as the order's refund.
      if (!refund.latePayment) await this.orders.addRefunded(m, refund.orderId, refund.amount);
      if (this.config.wechat.subscribeTemplates.refunded)
        await this.jobs.enqueue(
          m,
          SUBSCRIBE_JOB,
          { kind: 'refunded', orderId: refund.orderId, amount: refund.amount },
          { dedupeKey: `subscribe:refund:${refund.id}` },
        );
    }
    if (to === 'abnormal') this.logger.error({ refundId: refund.id, orderId: refund.orderId, error }, 'refund needs attention');
    if (to !== 'processing') {
      const event: RefundSettledEvent = {
        refundId: refund.id,
        orderId: refund.orderId,
        afterSaleId: refund.afterSaleId,
        amount: refund.amount,
        status: to,
      };
      for (const l of this.listeners) await l(m, event);
      const type = to === 'succeeded' ? 'refund.succeeded' : 'refund.failed';
      await this.webhooks.emit(m, type, `refund:${refund.id}`, async () =>
        toRefundView(await m.findOneByOrFail(Refund, { id: refund.id })),
      );
    }
    return true;
  }

  async exists(m: EntityManager, outRefundNo: string): Promise<boolean> {
    return (await m.count(Refund, { where: { outRefundNo } })) > 0;
  }

  /** An operator sends a failed (closed or abnormal) refund again, with the same out_refund_no. */
  async retry(m: EntityManager, refundId: number, adminId: number): Promise<void> {
    const refund = await m.findOne(Refund, { where: { id: refundId }, ...writeLock(m) });
    if (!refund) throw PaymentsErrors.refundNotFound();
    if (!refundStates.can(refund.status, 'pending')) throw PaymentsErrors.refundNotRetryable(refund.status);
    const now = this.clock.now();
    await this.transitions.refund(
      m,
      refund,
      'retry',
      'pending',
      { lastError: null },
      { actor: 'admin', actorId: adminId, note: 'refund retried' },
    );
    await this.jobs.enqueue(m, REFUND_JOB, { refundId }, { dedupeKey: `refund:${refund.outRefundNo}:retry:${now.getTime()}` });
  }

  async list(q: RefundsQuery): Promise<Page<RefundView>> {
    const { offset, pageSize } = pageParams(q);
    const where = { ...(q.status ? { status: q.status } : {}), ...(q.orderId ? { orderId: q.orderId } : {}) };
    const [rows, total] = await this.ds.manager.findAndCount(Refund, { where, order: { id: 'DESC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toRefundView), total, q);
  }

  /** Through `m` when the caller reads inside its transaction (the refund may have changed in it). */
  async findByIds(ids: number[], m: EntityManager = this.ds.manager): Promise<RefundView[]> {
    if (ids.length === 0) return [];
    return (await m.find(Refund, { where: { id: In(ids) }, order: { id: 'ASC' } })).map(toRefundView);
  }
}
