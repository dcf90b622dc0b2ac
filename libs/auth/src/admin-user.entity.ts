import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { AdminRole } from '@app/access';

export type AdminStatus = 'active' | 'disabled';

/** An operator of the shop's back office. */
@Entity('admin_user')
@Index('uq_admin_user_username', ['username'], { unique: true })
@Index('uq_admin_user_bound_openid', ['boundOpenid'], { unique: true })
export class AdminUser {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @StatusColumn(16)
  role!: AdminRole;

  @StatusColumn(16, { default: 'active' })
  status!: AdminStatus;

  /** Lets the WeChat user with this openid use the admin routes from inside the mini program. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  boundOpenid!: string | null;

  /** Bumped on password change or disable: tokens carrying an older version stop working. */
  @Column({ type: 'int', default: 0 })
  tokenVersion!: number;

  @DateTimeColumn({ nullable: true })
  lastLoginAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
