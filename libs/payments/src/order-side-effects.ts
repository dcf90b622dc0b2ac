import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock, formatYuan, maskPhone } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { select } from '@app/database';
import { JobRegistry, JobsService, PermanentJobError } from '@app/jobs';
import { OrderLifecycle, OrderPaymentsService, type OrderStatus } from '@app/orders';
import { formatWechatPayTime, WechatApiClient, WechatApiError, WX_ERR } from '@app/wechat';
import { Payment } from './payment.entity';
import { CLOSE_JOB, CONFIRM_RECEIVE_JOB, SHIPPING_JOB, SUBSCRIBE_JOB, type SubscribeKind } from './payment-jobs';
import { PaymentsService } from './payments.service';
import { PAYMENT_OF_ORDER } from './payments.sql';
import { PAYMENT_PROVIDER, type PaymentProvider } from './providers/payment-provider';

/** The order transitions WeChat must hear about (the others need no look at the payment). */
const TOLD: ReadonlySet<OrderStatus> = new Set(['cancelled', 'shipped', 'completed']);

/**
 * What WeChat must hear when an order moves, each as a durable job written in the order's own
 * transaction (nothing is lost if the process dies after commit):
 * - cancelled/expired: close the WeChat Pay order, so a late payment cannot succeed;
 * - shipped: upload shipping info (WeChat freezes funds until it has it), retrying while WeChat
 *   says the payment is not known yet (10060001); then notify the buyer;
 * - completed: tell WeChat the buyer confirmed receipt;
 * - paid / refunded: subscribe messages, when template ids are configured.
 */
@Injectable()
export class OrderSideEffects implements OnModuleInit {
  private readonly logger = new Logger(OrderSideEffects.name);

  constructor(
    private readonly ds: DataSource,
    private readonly lifecycle: OrderLifecycle,
    private readonly orders: OrderPaymentsService,
    private readonly payments: PaymentsService,
    private readonly jobs: JobsService,
    private readonly registry: JobRegistry,
    private readonly wechat: WechatApiClient,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(CLOSE_JOB, (p) => this.closeAtProvider(p.paymentId));
    this.registry.defineJob(SHIPPING_JOB, (p) => this.uploadShipping(p.orderId), { maxAttempts: 12 });
    this.registry.defineJob(CONFIRM_RECEIVE_JOB, (p) => this.confirmReceive(p.orderId));
    this.registry.defineJob(SUBSCRIBE_JOB, (p) => this.subscribe(p.kind, p.orderId, p.amount));

    this.lifecycle.onTransition(async (m, e) => {
      if (!TOLD.has(e.to)) return;
      const [payment] = await select(m, PAYMENT_OF_ORDER, [e.orderId]);
      if (e.to === 'cancelled' && payment?.status === 'pending') {
        if (payment.prepayId) await this.jobs.enqueue(m, CLOSE_JOB, { paymentId: payment.id }, { dedupeKey: `close:${payment.id}` });
        else await this.payments.closeIfPending(m, payment.id, 'order cancelled before any prepay');
      }
      const wechatPaid = this.provider.name === 'wechat' && payment?.status === 'succeeded' && payment.transactionId;
      if (e.to === 'shipped') {
        if (wechatPaid) await this.jobs.enqueue(m, SHIPPING_JOB, { orderId: e.orderId }, { dedupeKey: `shipping:${e.orderId}` });
        await this.enqueueSubscribe(m, 'shipped', e.orderId);
      }
      if (e.to === 'completed' && wechatPaid)
        await this.jobs.enqueue(m, CONFIRM_RECEIVE_JOB, { orderId: e.orderId }, { dedupeKey: `confirm:${e.orderId}` });
    });
    // A pick-up order ready at its store (or collected): WeChat's shipping info, logistics type 4. Once per order (the
    // job's dedupe key, and the upload's own record of being done).
    this.lifecycle.onPickupStep(async (m, e) => {
      const [payment] = await select(m, PAYMENT_OF_ORDER, [e.orderId]);
      if (this.provider.name === 'wechat' && payment?.status === 'succeeded' && payment.transactionId)
        await this.jobs.enqueue(m, SHIPPING_JOB, { orderId: e.orderId }, { dedupeKey: `shipping:${e.orderId}` });
    });
  }

  private async enqueueSubscribe(m: EntityManager, kind: SubscribeKind, orderId: number): Promise<void> {
    if (this.config.wechat.subscribeTemplates[kind])
      await this.jobs.enqueue(m, SUBSCRIBE_JOB, { kind, orderId }, { dedupeKey: `subscribe:${kind}:${orderId}` });
  }

  /** Closes the provider's order; if it turns out paid, applies the payment (which refunds a cancelled order). */
  async closeAtProvider(paymentId: number): Promise<void> {
    const payment = await this.ds.manager.findOne(Payment, { where: { id: paymentId } });
    if (!payment || payment.status !== 'pending') return;
    if ((await this.provider.close(payment.outTradeNo)) === 'paid') {
      await this.payments.reconcile(payment.outTradeNo);
      return;
    }
    await this.payments.closeIfPending(this.ds.manager, paymentId, 'closed at WeChat Pay');
  }

  async uploadShipping(orderId: number): Promise<void> {
    const facts = await this.orders.shippingFacts(orderId);
    const payment = await this.ds.manager.findOne(Payment, { where: { orderId } });
    if (!facts || facts.uploaded || !payment?.transactionId) return;
    try {
      await this.wechat.uploadShippingInfo({
        order_key: { order_number_type: 2, transaction_id: payment.transactionId },
        logistics_type: facts.logisticsType,
        delivery_mode: 1,
        shipping_list: [
          facts.logisticsType === 4
            ? { item_desc: facts.itemDesc }
            : {
                tracking_no: facts.trackingNo,
                express_company: facts.expressCompany,
                item_desc: facts.itemDesc,
                contact: { receiver_contact: maskPhone(facts.receiverPhone) },
              },
        ],
        upload_time: formatWechatPayTime(this.clock.now()),
        payer: { openid: payment.payerOpenid },
      });
    } catch (err) {
      if (err instanceof WechatApiError && err.errcode !== WX_ERR.PAYMENT_NOT_FOUND_YET)
        throw new PermanentJobError(`upload_shipping_info refused: ${err.errcode} ${err.errmsg}`);
      throw err; // 10060001 (payment not known to WeChat yet) and outages: retry later
    }
    await this.orders.markShippingUploaded(facts);
  }

  async confirmReceive(orderId: number): Promise<void> {
    const payment = await this.ds.manager.findOne(Payment, { where: { orderId } });
    if (!payment?.transactionId) return;
    try {
      await this.wechat.notifyConfirmReceive({
        transaction_id: payment.transactionId,
        received_time: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (err) {
      if (err instanceof WechatApiError) throw new PermanentJobError(`notify_confirm_receive refused: ${err.errcode} ${err.errmsg}`);
      throw err;
    }
  }

  async subscribe(kind: SubscribeKind, orderId: number, amount?: number): Promise<void> {
    const templateId = this.config.wechat.subscribeTemplates[kind];
    const payment = await this.ds.manager.findOne(Payment, { where: { orderId } });
    const facts = kind === 'shipped' ? await this.orders.shippingFacts(orderId) : null;
    if (!templateId || !payment?.payerOpenid) return;
    const data: Record<string, { value: string }> = { character_string1: { value: payment.outTradeNo } };
    if (kind === 'paid')
      Object.assign(data, {
        amount2: { value: `¥${formatYuan(payment.amount)}` },
        time3: {
          value: formatWechatPayTime(payment.paidAt ?? this.clock.now())
            .slice(0, 16)
            .replace('T', ' '),
        },
      });
    if (kind === 'shipped' && facts)
      Object.assign(data, { thing2: { value: facts.expressCompany }, character_string3: { value: facts.trackingNo } });
    if (kind === 'refunded') Object.assign(data, { amount2: { value: `¥${formatYuan(amount ?? 0)}` } });
    try {
      await this.wechat.sendSubscribeMessage({
        touser: payment.payerOpenid,
        templateId,
        page: `pages/order/order-detail/index?orderId=${orderId}`,
        data,
      });
    } catch (err) {
      if (err instanceof WechatApiError) {
        // 43101: the buyer did not subscribe (or used up the one-time permission). Nothing to retry.
        if (err.errcode === WX_ERR.SUBSCRIBE_REFUSED) {
          this.logger.log({ orderId, kind }, 'subscribe message not sent: user has not subscribed');
          return;
        }
        throw new PermanentJobError(`subscribe message refused: ${err.errcode} ${err.errmsg}`);
      }
      throw err;
    }
  }
}
