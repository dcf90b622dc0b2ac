import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbValue, execute } from '@app/database';
import { INSERT_LEDGER, MOVE_BALANCES, MOVE_BALANCES_COVERED } from './distribution.sql';
import type { LedgerType } from './promoter.entity';

export interface BalanceDeltas {
  frozen?: number;
  withdrawable?: number;
  withdrawing?: number;
  withdrawn?: number;
  total?: number;
}

export interface LedgerEntry {
  promoterId: number;
  type: LedgerType;
  deltas: BalanceDeltas;
  ref: { type: 'commission' | 'withdrawal'; id: number };
  note?: string;
  /** Refuse (return false) unless withdrawable stays >= 0: withdrawals never overdraw. */
  covered?: boolean;
}

/**
 * The one way a promoter's money moves: the balances by a conditional update, and its ledger row, in the caller's
 * transaction. Frozen and withdrawing never go below zero; `covered` keeps withdrawable >= 0 too.
 * Returns false when the guard refused (the caller rolls back or answers a conflict).
 */
@Injectable()
export class PromoterLedgerService {
  constructor(private readonly clock: Clock) {}

  async move(m: EntityManager, e: LedgerEntry): Promise<boolean> {
    const d = { frozen: 0, withdrawable: 0, withdrawing: 0, withdrawn: 0, total: 0, ...e.deltas };
    if (Object.values(d).every((v) => v === 0)) return true;
    const now = dbValue(m, this.clock.now());
    const params = [d.frozen, d.withdrawable, d.withdrawing, d.withdrawn, d.total, now, e.promoterId, d.frozen, d.withdrawing];
    const moved = e.covered
      ? await execute(m, MOVE_BALANCES_COVERED, [...params, d.withdrawable])
      : await execute(m, MOVE_BALANCES, params);
    if (moved === 0) return false;
    await execute(m, INSERT_LEDGER, [
      e.promoterId,
      e.type,
      d.frozen,
      d.withdrawable,
      d.withdrawing,
      d.withdrawn,
      d.total,
      e.ref.type,
      e.ref.id,
      (e.note ?? '').slice(0, 255),
      now,
    ]);
    return true;
  }
}
