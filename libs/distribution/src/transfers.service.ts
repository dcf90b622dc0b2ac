import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { UsersService } from '@app/auth';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { isDuplicateKeyError, TransactionRunner, writeLock } from '@app/database';
import { JobRegistry, PermanentJobError } from '@app/jobs';
import {
  type NotifyHeaders,
  NotifyVerificationError,
  WechatPayApiError,
  WechatPayClient,
  WechatPayNotifyVerifier,
  type WechatTransferBill,
} from '@app/wechat';
import { TRANSFER_JOB } from './distribution-jobs';
import { DistributionTransitions } from './promoter-transitions';
import { TransferNotification, Withdrawal } from './withdrawal.entity';
import { WithdrawalsService } from './withdrawals.service';

export const TRANSFER_QUERY_SWEEP = 'distribution.query-transfers';
/** A bill still open this long after its last change is asked about (a notification may have been missed). */
const QUERY_AFTER_MS = 5 * 60_000;

/** A notification refused: answered 4xx/5xx {code: FAIL}, so WeChat Pay delivers it again; nothing is written. */
export class TransferNotifyRejected extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * WeChat merchant transfers of approved withdrawals. A durable job creates the bill with the attempt's fixed
 * out_bill_no (the same on every retry of the job, so WeChat Pay never makes two bills); its package_info goes to the
 * promoter's mini program for `wx.requestMerchantTransfer`. The bill's end (SUCCESS, FAIL, CANCELLED) arrives by the
 * verified MCHTRANSFER.BILL.FINISHED notification or the query sweep, whichever comes first: the withdrawal's state
 * step is conditional, so the money moves once.
 */
@Injectable()
export class TransfersService implements OnModuleInit {
  private readonly logger = new Logger(TransfersService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly withdrawals: WithdrawalsService,
    private readonly transitions: DistributionTransitions,
    private readonly users: UsersService,
    private readonly registry: JobRegistry,
    private readonly clock: Clock,
    @Inject(WechatPayClient) private readonly pay: WechatPayClient | null,
    @Inject(WechatPayNotifyVerifier) private readonly verifier: WechatPayNotifyVerifier | null,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(TRANSFER_JOB, (p) => this.createBill(p.withdrawalId, p.attempt), { maxAttempts: 10 });
    this.registry.defineSweep(TRANSFER_QUERY_SWEEP, 10 * 60_000, () => this.queryOpenBills());
  }

  async createBill(withdrawalId: number, attempt: number): Promise<void> {
    const w = await this.ds.manager.findOne(Withdrawal, { where: { id: withdrawalId } });
    if (!w || w.status !== 'approved' || w.attempt !== attempt || w.channel !== 'wechat') return;
    if (!this.pay) throw new PermanentJobError('WeChat Pay is not configured (PAYMENT_PROVIDER=wechat)');
    const user = await this.users.findById(w.userId);
    if (!user) throw new PermanentJobError(`user ${w.userId} not found`);
    // Known only by an existing backend's token: WeChat Pay has no one to pay until the shopper logs in through WeChat.
    if (!user.openid) throw new PermanentJobError(`user ${w.userId} has no openid`);
    let bill: WechatTransferBill;
    try {
      bill = await this.pay.createTransferBill({
        outBillNo: w.outBillNo,
        openid: user.openid,
        amount: w.payout,
        ...(w.payeeName ? { userName: w.payeeName } : {}),
      });
    } catch (err) {
      // Refused for a reason retrying will not fix (WeChat Pay's 4xx, or a bill the client refuses to send, such as
      // 2,000 yuan or more without the payee's name): the withdrawal fails and the money goes back.
      const permanent = err instanceof WechatPayApiError && !err.retryable ? `${err.code}: ${err.wechatMessage}` : null;
      const refused = permanent ?? (err instanceof RangeError ? `INVALID_BILL: ${err.message}` : null);
      if (refused) {
        await this.tx.run(async (m) => {
          const locked = await this.lock(m, w.id);
          if (locked?.status !== 'approved' || locked.attempt !== attempt) return;
          const reason = refused.slice(0, 255);
          const values = { transferState: null, failReason: reason, packageInfo: null };
          if (await this.transitions.withdrawal(m, locked, 'finish', 'failed', values, { actor: 'system', note: reason }))
            await this.withdrawals.giveBack(m, locked, `transfer refused: ${reason}`);
        });
        return;
      }
      throw err; // timeouts and outages: the job retries with the same out_bill_no
    }
    await this.tx.run(async (m) => {
      const locked = await this.lock(m, w.id);
      if (locked?.status !== 'approved' || locked.attempt !== attempt) return;
      const values = { transferBillNo: bill.transfer_bill_no, transferState: bill.state, packageInfo: bill.package_info ?? null };
      if (
        !(await this.transitions.withdrawal(m, locked, 'transferring', 'transferring', values, {
          actor: 'system',
          note: `bill ${bill.state}`,
        }))
      )
        return;
      // A retried job may find the bill already finished.
      await this.applyBill(m, { ...locked, status: 'transferring' }, bill);
    });
  }

  /** The verified notification (raw body as received): recorded once, applied in the same transaction. */
  async onNotification(rawBody: Buffer | undefined, headers: NotifyHeaders): Promise<string> {
    if (!this.verifier) throw new TransferNotifyRejected(404, 'WeChat Pay is not configured');
    let n;
    try {
      n = this.verifier.verifyTransfer(rawBody ?? Buffer.alloc(0), headers);
    } catch (err) {
      if (err instanceof NotifyVerificationError) {
        this.logger.warn({ reason: err.reason }, 'transfer notification refused');
        throw new TransferNotifyRejected(401, err.message);
      }
      throw err;
    }
    const r = n.resource;
    if (r.mchid !== this.config.payments.wechatPay?.mchId) throw new TransferNotifyRejected(400, 'mchid does not match');
    try {
      return await this.tx.run(async (m) => {
        await m.insert(TransferNotification, {
          eventId: n.event.id,
          outBillNo: r.out_bill_no,
          state: r.state,
          receivedAt: this.clock.now(),
        });
        const found = await m.findOne(Withdrawal, { where: { outBillNo: r.out_bill_no }, select: { id: true } });
        if (!found) throw new TransferNotifyRejected(404, `unknown out_bill_no ${r.out_bill_no}`);
        const w = (await this.lock(m, found.id))!;
        if (r.transfer_amount !== undefined && r.transfer_amount !== w.payout)
          throw new TransferNotifyRejected(400, 'transfer_amount does not match');
        return (await this.applyBill(m, w, r)) ? 'applied' : 'unchanged';
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  /** Asks WeChat Pay about bills open for a while (missed notifications); returns how many changed. */
  async queryOpenBills(): Promise<number> {
    if (!this.pay) return 0;
    const due = await this.ds.manager.find(Withdrawal, {
      where: { status: 'transferring', updatedAt: LessThanOrEqual(new Date(this.clock.now().getTime() - QUERY_AFTER_MS)) },
      select: { id: true, outBillNo: true },
      order: { updatedAt: 'ASC' },
      take: 100,
    });
    let changed = 0;
    for (const { id, outBillNo } of due) {
      const bill = await this.pay.queryTransferBill(outBillNo);
      if (!bill) continue;
      const done = await this.tx.run(async (m) => {
        const w = await this.lock(m, id);
        return w?.outBillNo === outBillNo ? this.applyBill(m, w, bill) : false;
      });
      if (done) changed++;
    }
    return changed;
  }

  /** WeChat's word on a transferring withdrawal's bill: its end moves the money; other states are only recorded. */
  private async applyBill(m: EntityManager, w: Withdrawal, bill: Pick<WechatTransferBill, 'state' | 'fail_reason'>): Promise<boolean> {
    if (w.status !== 'transferring') return false;
    const cause = { actor: 'wechat' as const, note: `WeChat Pay: ${bill.state}${bill.fail_reason ? ` (${bill.fail_reason})` : ''}` };
    const end = { transferState: bill.state, failReason: bill.fail_reason?.slice(0, 255) ?? null, packageInfo: null };
    if (bill.state === 'SUCCESS') {
      if (!(await this.transitions.withdrawal(m, w, 'finish', 'succeeded', end, cause))) return false;
      await this.withdrawals.paidOut(m, w, `transfer ${w.outBillNo} succeeded`);
      return true;
    }
    if (bill.state === 'FAIL' || bill.state === 'CANCELLED') {
      if (!(await this.transitions.withdrawal(m, w, 'finish', bill.state === 'FAIL' ? 'failed' : 'cancelled', end, cause))) return false;
      await this.withdrawals.giveBack(m, w, `transfer ${w.outBillNo} ${bill.state}`);
      return true;
    }
    if (bill.state !== w.transferState)
      await m.update(Withdrawal, { id: w.id }, { transferState: bill.state, updatedAt: this.clock.now() });
    return false;
  }

  private lock(m: EntityManager, id: number): Promise<Withdrawal | null> {
    return m.findOne(Withdrawal, { where: { id }, ...writeLock(m) });
  }
}
