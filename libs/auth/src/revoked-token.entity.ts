import { Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/database';

/** An admin token ended by logout before its expiry. Rows go once the token would have expired anyway. */
@Entity('revoked_token')
@Index('idx_revoked_token_expires_at', ['expiresAt'])
export class RevokedToken {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  jti!: string;

  @DateTimeColumn()
  expiresAt!: Date;
}
