import { insertInto, marks, sql, sqlFn, sqlLiterals, STATE_CHANGE_COLUMNS, statusStep } from '@app/database';
import type { Commission, CommissionRule } from './commission.entity';
import { COMMISSION_STATUSES, PROMOTER_STATUSES } from './distribution-state';
import type { Promoter, PromoterEvent, PromoterLedger } from './promoter.entity';
import type { Withdrawal, WithdrawalEvent } from './withdrawal.entity';

/*
 * distribution's hand-written statements (docs/decisions.md, "When SQL is written by hand"): the commissions of a
 * payment (they run in the payment notification's transaction, measured by `npm run bench`), the promoter's balances
 * (conditional updates through the primary key, each with its ledger row), commission steps and the state steps of
 * promoters and withdrawals with their audit rows. Everything else goes through the repository.
 */

const C = sqlLiterals(COMMISSION_STATUSES);
const P = sqlLiterals(PROMOTER_STATUSES);

// ---- commissions of a payment ----------------------------------------------------------------------------------------

/** The buyer's own promoter row when active (self-purchase commissions). */
export const OWN_ACTIVE_PROMOTER = sql<Pick<Promoter, 'id' | 'userId'>>(
  `SELECT id, user_id AS userId FROM promoter WHERE user_id = ? AND status = ${P.active} LIMIT 1`,
);
/**
 * The shopper's promoter and that promoter's own promoter, each through an unexpired binding to an active promoter:
 * no row when the shopper has no such promoter; up* null when the promoter has none. One statement for what were
 * four reads under the payment's row lock. Parameters: now, user_id, now.
 */
export const PROMOTER_CHAIN = sql<Pick<Promoter, 'id' | 'userId'> & { upId: number | null; upUserId: number | null }>(
  'SELECT p1.id, p1.user_id AS userId, p2.id AS upId, p2.user_id AS upUserId FROM distribution_binding b1 ' +
    `JOIN promoter p1 ON p1.id = b1.promoter_id AND p1.status = ${P.active} ` +
    'LEFT JOIN distribution_binding b2 ON b2.user_id = p1.user_id AND (b2.expires_at IS NULL OR b2.expires_at > ?) ' +
    `LEFT JOIN promoter p2 ON p2.id = b2.promoter_id AND p2.status = ${P.active} ` +
    'WHERE b1.user_id = ? AND (b1.expires_at IS NULL OR b1.expires_at > ?)',
);
/** The commission overrides of these products (theirs and their SKUs'). */
export const RULES_OF_PRODUCTS = sqlFn(
  (products: number) =>
    sql<Pick<CommissionRule, 'productId' | 'skuId' | 'mode' | 'level1' | 'level2'>>(
      `SELECT product_id AS productId, sku_id AS skuId, mode, level1, level2 FROM commission_rule WHERE product_id IN (${marks(products)})`,
    ),
  [[1], [3]],
);
export const INSERT_COMMISSION = insertInto<Commission>('commission', [
  'promoterId',
  'orderId',
  'orderItemId',
  'buyerUserId',
  'level',
  'baseAmount',
  'quantity',
  'ruleMode',
  'ruleValue',
  'initialAmount',
  'amount',
  'status',
  'orderCompletedAt',
  'settledAt',
  'createdAt',
  'updatedAt',
]);

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
