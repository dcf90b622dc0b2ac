import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn } from '@app/database';

export type UserStatus = 'active' | 'disabled';

/**
 * A shopper, known by (appid, openid), created the first time WeChat vouches for an openid; or by the user id an
 * existing backend gave them (`externalId`), created the first time one of its tokens names them. A shopper known
 * only by such a token has no appid/openid (WeChat Pay then needs a WeChat login first).
 */
@Entity('user')
@Index('uq_user_appid_openid', ['appid', 'openid'], { unique: true })
@Index('idx_user_unionid', ['unionid'])
@Index('uq_user_external_id', ['externalId'], { unique: true })
@Index('idx_user_phone', ['phone'])
@Index('idx_user_nickname', ['nickname'])
@Index('idx_user_status', ['status', 'id'])
export class User {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32, nullable: true })
  appid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  openid!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  unionid!: string | null;

  @Column({ type: 'varchar', length: 64, default: '' })
  nickname!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  avatarUrl!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  phoneCountryCode!: string | null;

  @StatusColumn(16, { default: 'active' })
  status!: UserStatus;

  /** Why an admin last disabled or enabled the account. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  statusReason!: string | null;

  @DateTimeColumn({ nullable: true })
  statusChangedAt!: Date | null;

  /** The admin who last changed the status. */
  @Column({ type: 'int', nullable: true })
  statusChangedBy!: number | null;

  /** The shopper's user id at the existing backend (its tokens' `sub`, or what its login bridge answered). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  externalId!: string | null;

  @DateTimeColumn({ nullable: true })
  externalLinkedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @DateTimeColumn({ nullable: true })
  lastSeenAt!: Date | null;
}
