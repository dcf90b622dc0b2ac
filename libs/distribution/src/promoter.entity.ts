import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, MoneyColumn, StateChangeRow, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { DistributionActor, PromoterStatus } from './distribution-state';

/**
 * A shopper who promotes. The balances are kept on the row by conditional updates in the transaction of each
 * movement, and every movement is a promoter_ledger row: each balance equals the sum of its ledger column.
 * `withdrawable` may go below zero (a clawback after settlement), never by a withdrawal.
 */
@Entity('promoter')
@Index('uq_promoter_user', ['userId'], { unique: true })
@Index('uq_promoter_code', ['code'], { unique: true })
@Index('idx_promoter_status_created', ['status', 'createdAt'])
export class Promoter {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  /** The code a share carries (page query or mini program code `scene`). */
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @StatusColumn(16)
  status!: PromoterStatus;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @MoneyColumn()
  frozen!: number;

  @MoneyColumn()
  withdrawable!: number;

  @MoneyColumn()
  withdrawing!: number;

  @MoneyColumn()
  withdrawn!: number;

  @MoneyColumn()
  totalEarned!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ nullable: true })
  approvedAt!: Date | null;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Who moved a promoter, when and why. */
@Entity('promoter_event')
@Index('idx_promoter_event_promoter', ['promoterId', 'id'])
export class PromoterEvent extends StateChangeRow<PromoterStatus, DistributionActor> {
  @Column({ type: 'int' })
  promoterId!: number;
}

export const LEDGER_TYPES = [
  'commission_frozen',
  'commission_shrunk',
  'commission_settled',
  'commission_clawback',
  'withdrawal_applied',
  'withdrawal_returned',
  'withdrawal_paid',
] as const;
export type LedgerType = (typeof LEDGER_TYPES)[number];

/** One movement of a promoter's money: the change of each balance (fen, signed) and what caused it. */
@Entity('promoter_ledger')
@Index('idx_promoter_ledger_promoter', ['promoterId', 'id'])
@Index('idx_promoter_ledger_ref', ['refType', 'refId'])
export class PromoterLedger {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  promoterId!: number;

  @StatusColumn(24)
  type!: LedgerType;

  @MoneyColumn()
  frozenDelta!: number;

  @MoneyColumn()
  withdrawableDelta!: number;

  @MoneyColumn()
  withdrawingDelta!: number;

  @MoneyColumn()
  withdrawnDelta!: number;

  @MoneyColumn()
  totalDelta!: number;

  /** `commission` or `withdrawal`. */
  @StatusColumn(16)
  refType!: string;

  @Column({ type: 'int' })
  refId!: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  note!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
