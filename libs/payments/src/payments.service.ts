import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ShopperIdentity } from '@app/auth';
import { Clock, CommonErrors } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDate, dbDateTime, execute, isDuplicateKeyError, select, TransactionRunner, writeLock } from '@app/database';
import { JobsService } from '@app/jobs';
import { OrderPaymentsService } from '@app/orders';
import { WechatPayApiError, WechatPayOrderPaidError, WechatPayUnavailableError } from '@app/wechat';
import { REFUND_JOB, SUBSCRIBE_JOB } from './payment-jobs';
import type { NotificationOutcome } from './payment-notification.entity';
import { type PaymentCause, PaymentTransitions } from './payment-transitions.service';
import { Payment } from './payment.entity';
import { NotifyRejected, PaymentsErrors } from './payments.errors';
import { PAYMENT_PROVIDER, type PaymentProvider, type ProviderTransaction, type RequestPaymentParams } from './providers/payment-provider';
import {
  INSERT_PAYMENT,
  INSERT_PAYMENT_NOTIFICATION,
  LOCK_PAYMENT_OF_TRADE,
  NOTIFICATION_OUTCOME,
  PAYMENT_OF_ORDER,
  SET_PREPAY,
} from './payments.sql';
import { Refund, type RefundStatus } from './refund.entity';

/** WeChat Pay allows 50 partial refunds per order. */
const MAX_REFUNDS = 50;
/** A prepay_id is valid about 2 hours; refresh it a minute before that. */
const PREPAY_TTL_MS = 2 * 3600_000 - 60_000;

/** What the pay button reads of an order's payment. */
type OrderPayment = Pick<Payment, 'id' | 'outTradeNo' | 'amount' | 'status' | 'prepayId' | 'prepayExpiresAt'>;

/** What applying a transaction reads of the payment it locks. */
type LockedPayment = Pick<Payment, 'id' | 'orderId' | 'outTradeNo' | 'amount' | 'status'>;

export interface NotificationRecord {
  eventId: string;
  eventType: string;
}

/**
 * Payments: the pay button (create or reuse the provider's order), applying a successful payment
 * exactly once however it is learned (notification, reconciliation query, closing attempt, dev
 * route), and creating refunds that a durable job executes.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly orders: OrderPaymentsService,
    private readonly jobs: JobsService,
    private readonly transitions: PaymentTransitions,
    private readonly clock: Clock,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** POST /orders/:id/pay: the wx.requestPayment parameters for the caller's unpaid order. */
  async pay(user: ShopperIdentity, orderId: number): Promise<RequestPaymentParams> {
    const order = await this.orders.findPayable(user.userId, orderId);
    const payment = await this.paymentFor(order);
    if (payment.status === 'succeeded') throw PaymentsErrors.alreadyPaid();
    if (payment.status === 'closed') throw PaymentsErrors.notPayable();
    const now = this.clock.now();
    if (payment.prepayId && payment.prepayExpiresAt && payment.prepayExpiresAt.getTime() > now.getTime() + 60_000) {
      return this.provider.payParams(payment.prepayId);
    }
    if (this.provider.name === 'wechat' && !user.openid) throw PaymentsErrors.openidRequired();
    let prepayId: string;
    try {
      ({ prepayId } = await this.provider.prepay({
        outTradeNo: payment.outTradeNo,
        amount: payment.amount,
        description: order.description,
        payerOpenid: user.openid ?? '',
        expiresAt: order.payExpiresAt,
      }));
    } catch (err) {
      if (err instanceof WechatPayOrderPaidError) {
        // Paid already (the notification has not arrived yet): learn it now.
        await this.reconcile(payment.outTradeNo);
        throw PaymentsErrors.alreadyPaid();
      }
      if (err instanceof WechatPayUnavailableError) throw PaymentsErrors.providerUnavailable();
      if (err instanceof WechatPayApiError) throw PaymentsErrors.providerRejected(err.code);
      throw err;
    }
    const prepayExpiresAt = new Date(Math.min(now.getTime() + PREPAY_TTL_MS, order.payExpiresAt.getTime()));
    const m = this.ds.manager;
    await execute(m, SET_PREPAY, [prepayId, dbDateTime(m, prepayExpiresAt), dbDateTime(m, now), payment.id]);
    return this.provider.payParams(prepayId);
  }

  /**
   * Applies a provider-confirmed successful transaction once: payment -> succeeded and order -> paid
   * in one transaction. A payment for an order that was cancelled or expired does not revive it: the
   * whole amount is refunded. With `record`, the notification is stored first (unique event id), so
   * a duplicate delivery changes nothing.
   */
  async applyTransaction(t: ProviderTransaction, record?: NotificationRecord): Promise<NotificationOutcome | 'duplicate'> {
    if (t.state !== 'SUCCESS' || !t.transactionId) throw new NotifyRejected(400, `transaction ${t.outTradeNo} is ${t.state}`);
    try {
      return await this.tx.run(async (m) => {
        if (record) {
          await execute(m, INSERT_PAYMENT_NOTIFICATION, [
            this.provider.name,
            record.eventId,
            record.eventType,
            t.outTradeNo,
            dbDateTime(m, this.clock.now()),
          ]);
        }
        const [payment] = await select(m, LOCK_PAYMENT_OF_TRADE, [t.outTradeNo]);
        if (!payment) throw new NotifyRejected(404, `unknown out_trade_no ${t.outTradeNo}`);
        if (t.amount !== payment.amount) throw new NotifyRejected(400, `amount ${t.amount} differs from the payment's ${payment.amount}`);
        const cause: PaymentCause = record
          ? { actor: 'wechat', note: `notification ${record.eventId}` }
          : { actor: 'system', note: 'WeChat Pay reports it paid' };
        const outcome = payment.status === 'succeeded' ? 'already_paid' : await this.succeed(m, payment, t, cause);
        if (record) await execute(m, NOTIFICATION_OUTCOME, [outcome, record.eventId]);
        return outcome;
      });
    } catch (err) {
      if (record && isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  /**
   * Mock provider only: behaves as if WeChat Pay had notified a successful payment of this order.
   * Goes through applyTransaction like a real notification (duplicates, late payments and all).
   */
  async simulateMockPayment(
    orderNo: string,
    mockPaid: (outTradeNo: string, amount: number) => ProviderTransaction,
  ): Promise<NotificationOutcome | 'duplicate'> {
    const order = await this.orders.findByOrderNo(undefined, orderNo);
    if (!order) throw CommonErrors.notFound('Order');
    const payment = await this.paymentFor({ id: order.id, orderNo, userId: order.userId, payAmount: order.payAmount });
    const t = mockPaid(payment.outTradeNo, payment.amount);
    return this.applyTransaction(t, { eventId: `MOCK-${t.transactionId}`, eventType: 'TRANSACTION.SUCCESS' });
  }

  /** pending -> closed (the provider's order is closed or never existed); false if no longer pending. */
  async closeIfPending(m: EntityManager, paymentId: number, why: string): Promise<boolean> {
    return this.transitions.payment(m, { id: paymentId, status: 'pending' }, 'closed', {}, { actor: 'system', note: why });
  }

  /** Asks the provider about an order and applies a success it reports. */
  async reconcile(outTradeNo: string): Promise<ProviderTransaction | null> {
    const t = await this.provider.query(outTradeNo);
    if (t?.state === 'SUCCESS' || t?.state === 'REFUND') await this.applyTransaction({ ...t, state: 'SUCCESS' });
    return t;
  }

  /**
   * Creates a refund of `amount` fen for the order's payment, in the caller's transaction; a durable
   * job asks the provider. Refused beyond what remains of the payment (refunds in flight count).
   */
  async refund(
    m: EntityManager,
    orderId: number,
    amount: number,
    reason: string,
    afterSaleId?: number,
  ): Promise<{ refundId: number; outRefundNo: string }> {
    const payment = await m.findOne(Payment, { where: { orderId, status: 'succeeded' }, ...writeLock(m) });
    if (!payment) throw PaymentsErrors.notPaid();
    return this.createRefund(m, payment, amount, reason, { afterSaleId: afterSaleId ?? null, latePayment: false });
  }

  /** Remaining refundable amount of an order's payment (refunds in flight count as spent). */
  async refundable(m: EntityManager | undefined, orderId: number): Promise<number> {
    const manager = m ?? this.ds.manager;
    const payment = await manager.findOne(Payment, { where: { orderId, status: 'succeeded' }, select: { id: true, amount: true } });
    if (!payment) return 0;
    return payment.amount - (await this.committed(manager, payment.id));
  }

  private async succeed(
    m: EntityManager,
    payment: LockedPayment,
    t: ProviderTransaction,
    cause: PaymentCause,
  ): Promise<NotificationOutcome> {
    const paidAt = t.paidAt ?? this.clock.now();
    // The payment row is locked: the step cannot lose a race.
    await this.transitions.payment(
      m,
      payment,
      'succeeded',
      { transactionId: t.transactionId ?? null, payerOpenid: t.payerOpenid, paidAt },
      cause,
    );
    const result = await this.orders.markPaid(m, payment.orderId, t.amount, paidAt, `paid: ${t.transactionId}`);
    if (result === 'paid') {
      if (this.config.wechat.subscribeTemplates.paid) {
        await this.jobs.enqueue(
          m,
          SUBSCRIBE_JOB,
          { kind: 'paid', orderId: payment.orderId },
          { dedupeKey: `subscribe:paid:${payment.orderId}` },
        );
      }
      return 'paid';
    }
    if (result === 'already_paid') return 'already_paid';
    this.logger.warn(
      { orderId: payment.orderId, outTradeNo: payment.outTradeNo },
      'payment arrived for an order that was cancelled or expired: refunding it in full',
    );
    const paid = await m.findOneOrFail(Payment, { where: { id: payment.id } });
    await this.createRefund(m, paid, payment.amount, '订单已取消，款项原路退回', {
      afterSaleId: null,
      latePayment: true,
    });
    return 'late_refunded';
  }

  private async createRefund(
    m: EntityManager,
    payment: Payment,
    amount: number,
    reason: string,
    opts: { afterSaleId: number | null; latePayment: boolean },
  ): Promise<{ refundId: number; outRefundNo: string }> {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`refund amount must be a positive integer of fen, got ${amount}`);
    const committed = await this.committed(m, payment.id);
    if (committed + amount > payment.amount) throw PaymentsErrors.refundExceedsPaid(payment.amount - committed);
    const count = await m.count(Refund, { where: { paymentId: payment.id } });
    if (count >= MAX_REFUNDS) throw PaymentsErrors.refundLimit(MAX_REFUNDS);
    const outRefundNo = `${payment.outTradeNo}R${String(count + 1).padStart(2, '0')}`;
    const now = this.clock.now();
    const res = await m.insert(Refund, {
      orderId: payment.orderId,
      paymentId: payment.id,
      afterSaleId: opts.afterSaleId,
      outRefundNo,
      amount,
      reason: reason.slice(0, 80),
      status: 'pending',
      wechatRefundId: null,
      latePayment: opts.latePayment,
      lastError: null,
      succeededAt: null,
      createdAt: now,
      updatedAt: now,
    });
    const refundId = (res.identifiers[0] as { id: number }).id;
    await this.jobs.enqueue(m, REFUND_JOB, { refundId }, { dedupeKey: `refund:${outRefundNo}:0` });
    return { refundId, outRefundNo };
  }

  /** Refunded or in flight: everything but closed refunds. */
  private async committed(m: EntityManager, paymentId: number): Promise<number> {
    const [row] = await m
      .createQueryBuilder(Refund, 'r')
      .select('COALESCE(SUM(r.amount), 0)', 'total')
      .where('r.paymentId = :paymentId AND r.status <> :closed', { paymentId, closed: 'closed' satisfies RefundStatus })
      .getRawMany<{ total: number | string }>();
    return Number(row?.total ?? 0);
  }

  /** The order's payment, created on the first press of the pay button. */
  private async paymentFor(order: { id: number; orderNo: string; userId: number; payAmount: number }): Promise<OrderPayment> {
    const m = this.ds.manager;
    const read = async (): Promise<OrderPayment | undefined> => {
      const [p] = await select(m, PAYMENT_OF_ORDER, [order.id]);
      return p && { ...p, prepayExpiresAt: dbDate(m, p.prepayExpiresAt) };
    };
    const existing = await read();
    if (existing) return existing;
    const now = dbDateTime(m, this.clock.now());
    try {
      await execute(m, INSERT_PAYMENT, [order.id, order.userId, this.provider.name, order.orderNo, order.payAmount, 'pending', now, now]);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err; // a concurrent press of the pay button
    }
    const created = await read();
    if (!created) throw new Error(`order ${order.id}: payment not found after insert`);
    return created;
  }
}
