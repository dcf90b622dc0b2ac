import { insertInto, sql, sqlLiterals, STATE_CHANGE_COLUMNS, statusStep } from '@app/database';
import type { Commission } from './commission.entity';
import { COMMISSION_STATUSES } from './distribution-state';
import type { Promoter, PromoterEvent, PromoterLedger } from './promoter.entity';
import type { Withdrawal, WithdrawalEvent } from './withdrawal.entity';

/*
 * distribution's hand-written statements (docs/decisions.md, "When SQL is written by hand"): the promoter's balances
 * (conditional updates through the primary key, each with its ledger row), commission steps and the state steps of
 * promoters and withdrawals with their audit rows. Everything else goes through the repository.
 */

const C = sqlLiterals(COMMISSION_STATUSES);

const MOVE =
  'UPDATE promoter FORCE INDEX (PRIMARY) SET frozen = frozen + ?, withdrawable = withdrawable + ?, withdrawing = withdrawing + ?, ' +
  'withdrawn = withdrawn + ?, total_earned = total_earned + ?, updated_at = ? WHERE id = ? AND frozen + ? >= 0 AND withdrawing + ? >= 0';

/**
 * Moves a promoter's balances by the deltas (frozen, withdrawable, withdrawing, withdrawn, total, now, id, then frozen
 * and withdrawing again for the guards): frozen and withdrawing never go below zero. Withdrawable may (a clawback).
 */
export const MOVE_BALANCES = sql(MOVE);
/** The same, refused (0 rows) unless withdrawable stays >= 0 too (parameter: the withdrawable delta again). */
export const MOVE_BALANCES_COVERED = sql(`${MOVE} AND withdrawable + ? >= 0`);

export const INSERT_LEDGER = insertInto<PromoterLedger>('promoter_ledger', [
  'promoterId',
  'type',
  'frozenDelta',
  'withdrawableDelta',
  'withdrawingDelta',
  'withdrawnDelta',
  'totalDelta',
  'refType',
  'refId',
  'note',
  'createdAt',
]);

/** The promoter row, locked: withdrawals of one promoter serialize on it (daily count, balance). */
export const LOCK_PROMOTER = sql<Pick<Promoter, 'id' | 'userId' | 'status' | 'withdrawable'>>(
  'SELECT id, user_id AS userId, status, withdrawable FROM promoter WHERE id = ? FOR UPDATE',
);

/** A commission's remaining amount after refunds, on the amount it had when read (a lost race changes nothing). */
export const SHRINK_COMMISSION = sql(
  'UPDATE commission FORCE INDEX (PRIMARY) SET amount = ?, status = ?, updated_at = ? WHERE id = ? AND status = ? AND amount = ?',
);
/** Settles a frozen commission. */
export const SETTLE_COMMISSION = statusStep<Commission, 'settledAt' | 'updatedAt'>('commission', ['settledAt', 'updatedAt']);
/** Stamps the completion time on an order's frozen commissions (the freeze counts from it). */
export const COMPLETE_COMMISSIONS = sql(
  `UPDATE commission SET order_completed_at = ?, updated_at = ? WHERE order_id = ? AND status = ${C.frozen}`,
);

export const PROMOTER_STEP = statusStep<Promoter, 'note' | 'approvedAt' | 'updatedAt'>('promoter', ['note', 'approvedAt', 'updatedAt']);
export const INSERT_PROMOTER_EVENT = insertInto<PromoterEvent>('promoter_event', ['promoterId', ...STATE_CHANGE_COLUMNS]);

export const WITHDRAWAL_STEPS = {
  approve: statusStep<Withdrawal, 'updatedAt'>('withdrawal', ['updatedAt']),
  /** A failed transfer retried: a new attempt with its own bill number. */
  retry: statusStep<
    Withdrawal,
    'attempt' | 'outBillNo' | 'transferBillNo' | 'transferState' | 'packageInfo' | 'failReason' | 'updatedAt' | 'finishedAt'
  >('withdrawal', ['attempt', 'outBillNo', 'transferBillNo', 'transferState', 'packageInfo', 'failReason', 'updatedAt', 'finishedAt']),
  transferring: statusStep<Withdrawal, 'transferBillNo' | 'transferState' | 'packageInfo' | 'updatedAt'>('withdrawal', [
    'transferBillNo',
    'transferState',
    'packageInfo',
    'updatedAt',
  ]),
  reject: statusStep<Withdrawal, 'rejectReason' | 'updatedAt' | 'finishedAt'>('withdrawal', ['rejectReason', 'updatedAt', 'finishedAt']),
  finish: statusStep<Withdrawal, 'transferState' | 'failReason' | 'packageInfo' | 'updatedAt' | 'finishedAt'>('withdrawal', [
    'transferState',
    'failReason',
    'packageInfo',
    'updatedAt',
    'finishedAt',
  ]),
  paidManually: statusStep<Withdrawal, 'manualReference' | 'updatedAt' | 'finishedAt'>('withdrawal', [
    'manualReference',
    'updatedAt',
    'finishedAt',
  ]),
};
export const INSERT_WITHDRAWAL_EVENT = insertInto<WithdrawalEvent>('withdrawal_event', ['withdrawalId', ...STATE_CHANGE_COLUMNS]);
