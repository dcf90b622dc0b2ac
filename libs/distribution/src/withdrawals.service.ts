import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, MoreThanOrEqual } from 'typeorm';
import { UsersService } from '@app/auth';
import { Clock, newBusinessNo, type Page, pageParams, toPage } from '@app/common';
import { select, TransactionRunner, writeLock } from '@app/database';
import { JobsService } from '@app/jobs';
import { WebhookEvents } from '@app/webhooks';
import { TRANSFER_REAL_NAME_MIN_FEN, WechatPayClient } from '@app/wechat';
import { TRANSFER_JOB } from './distribution-jobs';
import { DistributionSettingsService } from './distribution-settings.service';
import { withdrawalFee } from './distribution-settings';
import { type WithdrawalChannel, withdrawalStates } from './distribution-state';
import { LOCK_PROMOTER } from './distribution.sql';
import { DistributionErrors } from './distribution.errors';
import type { AdminWithdrawalQuery, WithdrawalQuery } from './dto/distribution.dto';
import { toAdminWithdrawalView, type WithdrawalQuoteView } from './dto/distribution.mappers';
import { PromoterLedgerService } from './promoter-ledger.service';
import { DistributionTransitions } from './promoter-transitions';
import { Promoter } from './promoter.entity';
import { Withdrawal } from './withdrawal.entity';

/** Business days are Asia/Shanghai days (the daily count resets at midnight there). */
const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export function shanghaiDayStart(now: Date): Date {
  return new Date(Math.floor((now.getTime() + SHANGHAI_MS) / DAY_MS) * DAY_MS - SHANGHAI_MS);
}

/** The bill number of an attempt: the withdrawal number, then `R<n>` for an operator's retries (letters and digits). */
export function outBillNoOf(withdrawalNo: string, attempt: number): string {
  return attempt === 1 ? withdrawalNo : `${withdrawalNo}R${attempt}`;
}

/**
 * Withdrawals: applying takes the amount from withdrawable into withdrawing (never below zero: the promoter row is
 * locked, so the daily count and the balance check hold under concurrent requests); a rejected, failed or cancelled
 * withdrawal gives it back exactly once (its state step is conditional); a paid one moves it to withdrawn.
 */
@Injectable()
export class WithdrawalsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly settings: DistributionSettingsService,
    private readonly ledger: PromoterLedgerService,
    private readonly transitions: DistributionTransitions,
    private readonly jobs: JobsService,
    private readonly webhooks: WebhookEvents,
    private readonly users: UsersService,
    private readonly clock: Clock,
    @Inject(WechatPayClient) private readonly pay: WechatPayClient | null,
  ) {}

  async quote(userId: number, amount: number): Promise<WithdrawalQuoteView> {
    const s = await this.settings.get();
    const p = await this.ds.manager.findOne(Promoter, { where: { userId } });
    if (!p) throw DistributionErrors.notPromoter();
    const fee = withdrawalFee(s, amount);
    const usedToday = await this.ds.manager.count(Withdrawal, {
      where: { promoterId: p.id, createdAt: MoreThanOrEqual(shanghaiDayStart(this.clock.now())) },
    });
    return {
      amount,
      fee,
      payout: amount - fee,
      realNameRequired: amount - fee >= TRANSFER_REAL_NAME_MIN_FEN,
      withdrawable: p.withdrawable,
      min: s.withdrawMin,
      max: s.withdrawMax,
      dailyCount: s.withdrawDailyCount,
      usedToday,
    };
  }

  async apply(userId: number, amount: number, channel: WithdrawalChannel, realName?: string): Promise<Withdrawal> {
    const name = realName?.trim() || null;
    // Known only by an existing backend's token: WeChat Pay would have no one to pay (the transfer job could only
    // fail after approval), so say so now. An openid, once known, stays.
    if (channel === 'wechat' && this.pay && !(await this.users.findById(userId))?.openid) throw DistributionErrors.openidRequired();
    return this.tx.run(async (m) => {
      const s = await this.settings.get(m);
      if (!s.enabled) throw DistributionErrors.disabled();
      if (!s.channels.includes(channel) || (channel === 'wechat' && !this.pay)) throw DistributionErrors.channelUnavailable(channel);
      const found = await m.findOne(Promoter, { where: { userId }, select: { id: true } });
      if (!found) throw DistributionErrors.notPromoter();
      // The promoter's row first: their withdrawals serialize here (daily count, balance).
      const [p] = await select(m, LOCK_PROMOTER, [found.id]);
      if (p?.status !== 'active') throw DistributionErrors.notPromoter();
      if (amount < s.withdrawMin || amount > s.withdrawMax) throw DistributionErrors.amountOutOfBounds(s.withdrawMin, s.withdrawMax);
      const now = this.clock.now();
      const today = await m.count(Withdrawal, { where: { promoterId: p.id, createdAt: MoreThanOrEqual(shanghaiDayStart(now)) } });
      if (today >= s.withdrawDailyCount) throw DistributionErrors.dailyLimit(s.withdrawDailyCount);
      if (p.withdrawable < amount) throw DistributionErrors.insufficientBalance(p.withdrawable);
      const fee = withdrawalFee(s, amount);
      // WeChat Pay refuses a transfer of 2,000 yuan or more without the payee's name: ask for it now, not at approval.
      const named = channel === 'wechat' && amount - fee >= TRANSFER_REAL_NAME_MIN_FEN;
      if (named && !name) throw DistributionErrors.realNameRequired(TRANSFER_REAL_NAME_MIN_FEN);
      const withdrawalNo = newBusinessNo(now);
      const { identifiers } = await m.insert(Withdrawal, {
        withdrawalNo,
        promoterId: p.id,
        userId,
        channel,
        amount,
        fee,
        payout: amount - fee,
        payeeName: named ? name : null,
        status: 'applied',
        attempt: 1,
        outBillNo: outBillNoOf(withdrawalNo, 1),
        transferBillNo: null,
        transferState: null,
        packageInfo: null,
        failReason: null,
        rejectReason: null,
        manualReference: null,
        createdAt: now,
        updatedAt: now,
        finishedAt: null,
      });
      const id = Number(identifiers[0]!.id);
      await this.transitions.withdrawalEvent(m, id, null, 'applied', { actor: 'user', actorId: userId, note: `${channel} ${amount}` });
      const taken = await this.ledger.move(m, {
        promoterId: p.id,
        type: 'withdrawal_applied',
        deltas: { withdrawable: -amount, withdrawing: amount },
        ref: { type: 'withdrawal', id },
        covered: true,
      });
      if (!taken) throw DistributionErrors.insufficientBalance(p.withdrawable);
      return m.findOneByOrFail(Withdrawal, { id });
    });
  }

  async approve(adminId: number, id: number): Promise<Withdrawal> {
    return this.decide(id, 'approve', async (m, w) => {
      if (!(await this.transitions.withdrawal(m, w, 'approve', 'approved', {}, { actor: 'admin', actorId: adminId, note: 'approved' })))
        return false;
      if (w.channel === 'wechat') await this.enqueueTransfer(m, w.id, w.attempt, w.outBillNo);
      return true;
    });
  }

  async reject(adminId: number, id: number, reason: string): Promise<Withdrawal> {
    return this.decide(id, 'reject', async (m, w) => {
      const cause = { actor: 'admin' as const, actorId: adminId, note: reason };
      if (!(await this.transitions.withdrawal(m, w, 'reject', 'rejected', { rejectReason: reason }, cause))) return false;
      await this.giveBack(m, w, `rejected: ${reason}`);
      return true;
    });
  }

  /** Manual channel: the operator paid outside and records the reference. */
  async markPaid(adminId: number, id: number, reference: string): Promise<Withdrawal> {
    return this.decide(id, 'mark paid', async (m, w) => {
      if (w.channel !== 'manual') return false;
      const cause = { actor: 'admin' as const, actorId: adminId, note: `paid manually: ${reference}` };
      if (!(await this.transitions.withdrawal(m, w, 'paidManually', 'succeeded', { manualReference: reference }, cause))) return false;
      await this.paidOut(m, w, `paid manually: ${reference}`);
      return true;
    });
  }

  /** An operator retries a failed transfer: the money is taken again and a new bill (new number) is made. */
  async retry(adminId: number, id: number): Promise<Withdrawal> {
    return this.decide(id, 'retry', async (m, w) => {
      if (w.channel !== 'wechat') return false;
      const attempt = w.attempt + 1;
      const outBillNo = outBillNoOf(w.withdrawalNo, attempt);
      const values = { attempt, outBillNo, transferBillNo: null, transferState: null, packageInfo: null, failReason: null };
      if (
        !(await this.transitions.withdrawal(m, w, 'retry', 'approved', values, {
          actor: 'admin',
          actorId: adminId,
          note: `retry ${attempt}`,
        }))
      )
        return false;
      const taken = await this.ledger.move(m, {
        promoterId: w.promoterId,
        type: 'withdrawal_applied',
        deltas: { withdrawable: -w.amount, withdrawing: w.amount },
        ref: { type: 'withdrawal', id: w.id },
        note: `retry ${attempt}`,
        covered: true,
      });
      if (!taken) {
        const p = await m.findOneByOrFail(Promoter, { id: w.promoterId });
        throw DistributionErrors.insufficientBalance(p.withdrawable);
      }
      await this.enqueueTransfer(m, w.id, attempt, outBillNo);
      return true;
    });
  }

  /** failed / rejected / cancelled: the amount goes back to withdrawable (called once, after the conditional step). */
  async giveBack(m: EntityManager, w: Pick<Withdrawal, 'id' | 'promoterId' | 'amount'>, note: string): Promise<void> {
    const ok = await this.ledger.move(m, {
      promoterId: w.promoterId,
      type: 'withdrawal_returned',
      deltas: { withdrawing: -w.amount, withdrawable: w.amount },
      ref: { type: 'withdrawal', id: w.id },
      note,
    });
    if (!ok) throw new Error(`withdrawal ${w.id}: withdrawing balance short of ${w.amount}`);
    await this.webhooks.emit(m, 'withdrawal.paid', `withdrawal:${w.id}`, async () => {
      return toAdminWithdrawalView(await m.findOneByOrFail(Withdrawal, { id: w.id }));
    });
  }

  async paidOut(m: EntityManager, w: Pick<Withdrawal, 'id' | 'promoterId' | 'amount'>, note: string): Promise<void> {
    const ok = await this.ledger.move(m, {
      promoterId: w.promoterId,
      type: 'withdrawal_paid',
      deltas: { withdrawing: -w.amount, withdrawn: w.amount },
      ref: { type: 'withdrawal', id: w.id },
      note,
    });
    if (!ok) throw new Error(`withdrawal ${w.id}: withdrawing balance short of ${w.amount}`);
    await this.webhooks.emit(m, 'withdrawal.paid', `withdrawal:${w.id}`, async () => {
      return toAdminWithdrawalView(await m.findOneByOrFail(Withdrawal, { id: w.id }));
    });
  }

  async listOwn(userId: number, q: WithdrawalQuery): Promise<Page<Withdrawal>> {
    const p = await this.ds.manager.findOne(Promoter, { where: { userId }, select: { id: true } });
    if (!p) throw DistributionErrors.notPromoter();
    return this.page({ promoterId: p.id, ...(q.status ? { status: q.status } : {}) }, q);
  }

  async list(q: AdminWithdrawalQuery): Promise<Page<Withdrawal>> {
    return this.page({ ...(q.promoterId ? { promoterId: q.promoterId } : {}), ...(q.status ? { status: q.status } : {}) }, q);
  }

  async own(userId: number, id: number): Promise<Withdrawal> {
    const w = await this.ds.manager.findOne(Withdrawal, { where: { id, userId } });
    if (!w) throw DistributionErrors.withdrawalNotFound();
    return w;
  }

  async get(id: number): Promise<Withdrawal> {
    const w = await this.ds.manager.findOne(Withdrawal, { where: { id } });
    if (!w) throw DistributionErrors.withdrawalNotFound();
    return w;
  }

  private async page(where: Record<string, unknown>, q: WithdrawalQuery): Promise<Page<Withdrawal>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(Withdrawal, { where, order: { id: 'DESC' }, skip: offset, take: pageSize });
    return toPage(rows, total, q);
  }

  private async enqueueTransfer(m: EntityManager, withdrawalId: number, attempt: number, outBillNo: string): Promise<void> {
    await this.jobs.enqueue(m, TRANSFER_JOB, { withdrawalId, attempt }, { dedupeKey: `transfer:${outBillNo}` });
  }

  /** Locks the withdrawal and runs an operator's decision; a refused one is 409 with the current status. */
  private async decide(id: number, action: string, step: (m: EntityManager, w: Withdrawal) => Promise<boolean>): Promise<Withdrawal> {
    return this.tx.run(async (m) => {
      const w = await m.findOne(Withdrawal, { where: { id }, ...writeLock(m) });
      if (!w) throw DistributionErrors.withdrawalNotFound();
      const target = { approve: 'approved', reject: 'rejected', 'mark paid': 'succeeded', retry: 'approved' }[
        action
      ] as Withdrawal['status'];
      if (!withdrawalStates.allows('admin', w.status, target) || !(await step(m, w)))
        throw DistributionErrors.withdrawalState(w.status, action);
      return m.findOneByOrFail(Withdrawal, { id });
    });
  }
}
