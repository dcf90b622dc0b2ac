import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbValue, execute, stepStatus } from '@app/database';
import { type DistributionActor, promoterStates, type PromoterStatus, withdrawalStates, type WithdrawalStatus } from './distribution-state';
import { INSERT_PROMOTER_EVENT, INSERT_WITHDRAWAL_EVENT, PROMOTER_STEP, WITHDRAWAL_STEPS } from './distribution.sql';
import type { Promoter } from './promoter.entity';
import type { Withdrawal } from './withdrawal.entity';

export interface Cause {
  actor: DistributionActor;
  actorId?: number | null;
  note?: string;
}

type WithdrawalStep = keyof typeof WITHDRAWAL_STEPS;
type StepValues<K extends WithdrawalStep> = Omit<
  Pick<Withdrawal, (typeof WITHDRAWAL_STEPS)[K]['columns'][number]>,
  'updatedAt' | 'finishedAt'
>;

/**
 * The one way promoters and withdrawals change state: the table and its actor guard, a conditional update on the
 * expected state (false = a lost race) and an audit row naming who and why.
 */
@Injectable()
export class DistributionTransitions {
  constructor(private readonly clock: Clock) {}

  async promoter(
    m: EntityManager,
    p: Pick<Promoter, 'id' | 'status' | 'approvedAt'>,
    to: PromoterStatus,
    cause: Cause,
    note?: string,
  ): Promise<boolean> {
    promoterStates.assertAllowed(cause.actor, p.status, to, `promoter ${p.id}`);
    const now = this.clock.now();
    const approvedAt = to === 'active' ? (p.approvedAt ?? now) : p.approvedAt;
    if (
      !(await stepStatus(m, PROMOTER_STEP, p.id, p.status, to, {
        note: (note ?? cause.note ?? '').slice(0, 255),
        approvedAt,
        updatedAt: now,
      }))
    )
      return false;
    await this.promoterEvent(m, p.id, p.status, to, cause);
    return true;
  }

  async promoterEvent(m: EntityManager, promoterId: number, from: PromoterStatus | null, to: PromoterStatus, cause: Cause): Promise<void> {
    await execute(m, INSERT_PROMOTER_EVENT, [
      promoterId,
      from,
      to,
      cause.actor,
      cause.actorId ?? null,
      (cause.note ?? '').slice(0, 255),
      dbValue(m, this.clock.now()),
    ]);
  }

  async withdrawal<K extends WithdrawalStep>(
    m: EntityManager,
    w: Pick<Withdrawal, 'id' | 'status'>,
    step: K,
    to: WithdrawalStatus,
    values: StepValues<K>,
    cause: Cause,
  ): Promise<boolean> {
    withdrawalStates.assertAllowed(cause.actor, w.status, to, `withdrawal ${w.id}`);
    const now = this.clock.now();
    const all = { ...values, updatedAt: now, finishedAt: withdrawalStates.isTerminal(to) || to === 'failed' ? now : null };
    if (!(await stepStatus(m, WITHDRAWAL_STEPS[step], w.id, w.status, to, all as never))) return false;
    await this.withdrawalEvent(m, w.id, w.status, to, cause);
    return true;
  }

  async withdrawalEvent(
    m: EntityManager,
    withdrawalId: number,
    from: WithdrawalStatus | null,
    to: WithdrawalStatus,
    cause: Cause,
  ): Promise<void> {
    await execute(m, INSERT_WITHDRAWAL_EVENT, [
      withdrawalId,
      from,
      to,
      cause.actor,
      cause.actorId ?? null,
      (cause.note ?? '').slice(0, 255),
      dbValue(m, this.clock.now()),
    ]);
  }
}
