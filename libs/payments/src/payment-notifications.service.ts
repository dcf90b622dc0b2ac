import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { isDuplicateKeyError, TransactionRunner } from '@app/database';
import { Clock } from '@app/common';
import { type NotifyHeaders, NotifyVerificationError, WechatPayNotifyVerifier } from '@app/wechat';
import { PaymentNotification } from './payment-notification.entity';
import { NotifyRejected } from './payments.errors';
import { PaymentsService } from './payments.service';
import { toTransaction } from './providers/wechat-payment.provider';
import { RefundsService } from './refunds.service';

/**
 * WeChat Pay notifications. Trust comes from the signature only (never from headers or IPs): verify,
 * decrypt, check merchant and app, then apply once. Anything refused throws NotifyRejected, which the
 * controller answers with 4xx/5xx {code: "FAIL"} so WeChat Pay retries; nothing is written then.
 */
@Injectable()
export class PaymentNotificationsService {
  private readonly logger = new Logger(PaymentNotificationsService.name);

  constructor(
    @Inject(WechatPayNotifyVerifier) private readonly verifier: WechatPayNotifyVerifier | null,
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onPayment(rawBody: Buffer | undefined, headers: NotifyHeaders): Promise<string> {
    const n = this.verify(() => this.requireVerifier().verifyTransaction(rawBody ?? Buffer.alloc(0), headers));
    const r = n.resource;
    this.checkMerchant(r.mchid, r.appid);
    if (n.event.event_type !== 'TRANSACTION.SUCCESS' || r.trade_state !== 'SUCCESS') {
      // JSAPI only notifies success; anything else is acknowledged and left to reconciliation.
      this.logger.warn(
        { event: n.event.event_type, state: r.trade_state, outTradeNo: r.out_trade_no },
        'unexpected payment notification acknowledged',
      );
      return 'ignored';
    }
    const outcome = await this.payments.applyTransaction(toTransaction(r), { eventId: n.event.id, eventType: n.event.event_type });
    this.logger.log({ outTradeNo: r.out_trade_no, outcome }, 'payment notification');
    return outcome;
  }

  async onRefund(rawBody: Buffer | undefined, headers: NotifyHeaders): Promise<string> {
    const n = this.verify(() => this.requireVerifier().verifyRefund(rawBody ?? Buffer.alloc(0), headers));
    const r = n.resource;
    this.checkMerchant(r.mchid);
    let changed: boolean;
    try {
      // Recorded and applied together: a failure rolls both back and WeChat Pay's retry applies it.
      changed = await this.tx.run(async (m) => {
        await m.insert(PaymentNotification, {
          provider: 'wechat',
          eventId: n.event.id,
          eventType: n.event.event_type,
          outTradeNo: r.out_trade_no,
          outRefundNo: r.out_refund_no,
          outcome: 'refund_settled',
          receivedAt: this.clock.now(),
        });
        if (!(await this.refunds.exists(m, r.out_refund_no))) throw new NotifyRejected(404, `unknown out_refund_no ${r.out_refund_no}`);
        return this.refunds.settleIn(m, r.out_refund_no, {
          status: r.refund_status,
          refundId: r.refund_id,
          succeededAt: r.success_time ? new Date(r.success_time) : null,
        });
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
    this.logger.log({ outRefundNo: r.out_refund_no, status: r.refund_status, changed }, 'refund notification');
    return 'refund_settled';
  }

  private verify<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof NotifyVerificationError) {
        this.logger.warn({ reason: err.reason }, 'WeChat Pay notification refused');
        throw new NotifyRejected(401, `verification failed: ${err.reason}`);
      }
      throw err;
    }
  }

  private checkMerchant(mchid: string, appid?: string): void {
    const pay = this.config.payments.wechatPay!;
    if (mchid !== pay.mchId) throw new NotifyRejected(400, 'mchid does not match this merchant');
    if (appid !== undefined && appid !== this.config.wechat.appId) throw new NotifyRejected(400, 'appid does not match this mini program');
  }

  private requireVerifier(): WechatPayNotifyVerifier {
    if (!this.verifier) throw new NotifyRejected(404, 'WeChat Pay is not configured (PAYMENT_PROVIDER is not wechat)');
    return this.verifier;
  }
}
