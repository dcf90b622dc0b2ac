import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, MoneyColumn, StateChangeRow, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { DistributionActor, WithdrawalChannel, WithdrawalStatus } from './distribution-state';

/**
 * A promoter taking money out. `amount` leaves the withdrawable balance at application and comes back exactly once
 * if the withdrawal ends failed, rejected or cancelled; `payout` (= amount - fee) is what the promoter receives.
 * `outBillNo` is the merchant transfer bill's number, fixed per attempt and reused by every retry of its job.
 */
@Entity('withdrawal')
@Index('uq_withdrawal_no', ['withdrawalNo'], { unique: true })
@Index('uq_withdrawal_out_bill_no', ['outBillNo'], { unique: true })
@Index('idx_withdrawal_promoter_created', ['promoterId', 'createdAt'])
@Index('idx_withdrawal_status_updated', ['status', 'updatedAt'])
@Index('idx_withdrawal_created', ['createdAt'])
@Index('idx_withdrawal_status_finished', ['status', 'finishedAt'])
export class Withdrawal {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  withdrawalNo!: string;

  @Column({ type: 'int' })
  promoterId!: number;

  @Column({ type: 'int' })
  userId!: number;

  @StatusColumn(16)
  channel!: WithdrawalChannel;

  @MoneyColumn()
  amount!: number;

  @MoneyColumn()
  fee!: number;

  @MoneyColumn()
  payout!: number;

  /**
   * The payee's real name for a WeChat transfer of 2,000 yuan or more (sent to WeChat Pay encrypted as `user_name`,
   * which checks it against the account's verified name); null below that.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  payeeName!: string | null;

  @StatusColumn(16)
  status!: WithdrawalStatus;

  /** 1 for the first transfer; an operator's retry of a failed one makes a new bill. */
  @Column({ type: 'int', default: 1 })
  attempt!: number;

  @Column({ type: 'varchar', length: 32 })
  outBillNo!: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  transferBillNo!: string | null;

  /** WeChat's state of the bill (WAIT_USER_CONFIRM, SUCCESS, ...). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  transferState!: string | null;

  /** For wx.requestMerchantTransfer while the bill waits for the user. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  packageInfo!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  failReason!: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  rejectReason!: string | null;

  /** Manual channel: the operator's payout reference. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  manualReference!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  @DateTimeColumn({ nullable: true })
  finishedAt!: Date | null;
}

@Entity('withdrawal_event')
@Index('idx_withdrawal_event_withdrawal', ['withdrawalId', 'id'])
export class WithdrawalEvent extends StateChangeRow<WithdrawalStatus, DistributionActor> {
  @Column({ type: 'int' })
  withdrawalId!: number;
}

/** Verified transfer notifications, recorded once (a duplicate delivery fails its insert and is answered success). */
@Entity('transfer_notification')
@Index('uq_transfer_notification_event', ['eventId'], { unique: true })
export class TransferNotification {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  eventId!: string;

  @Column({ type: 'varchar', length: 32 })
  outBillNo!: string;

  @Column({ type: 'varchar', length: 24 })
  state!: string;

  @CreatedAtColumn()
  receivedAt!: Date;
}
