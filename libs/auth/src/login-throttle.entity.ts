import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/database';

/**
 * Failed admin logins of one username from one client address (the username need not exist: unknown
 * names are throttled exactly like real ones). A successful login deletes the row; so does the sweep
 * once it has been quiet for a day.
 */
@Entity('admin_login_throttle')
@Index('idx_admin_login_throttle_last_attempt', ['lastAttemptAt'])
export class LoginThrottle {
  /** Lower-cased, as typed at login. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  username!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  client!: string;

  /** Attempts counted (each counted before its password is checked) since the last success. */
  @Column({ type: 'int', default: 0 })
  failures!: number;

  /** No attempt is evaluated before this time. */
  @DateTimeColumn({ nullable: true })
  blockedUntil!: Date | null;

  @DateTimeColumn()
  lastAttemptAt!: Date;
}
