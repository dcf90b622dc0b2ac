import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { DistributionActor } from './distribution-state';

/** A shopper's promoter (at most one binding per shopper; `expiresAt` null = for good). */
@Entity('distribution_binding')
@Index('uq_distribution_binding_user', ['userId'], { unique: true })
@Index('idx_distribution_binding_promoter', ['promoterId', 'boundAt'])
export class DistributionBinding {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int' })
  promoterId!: number;

  @DateTimeColumn()
  boundAt!: Date;

  @DateTimeColumn({ nullable: true })
  expiresAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Every binding and rebinding: from which promoter to which, who did it and why. */
@Entity('distribution_binding_change')
@Index('idx_distribution_binding_change_user', ['userId', 'id'])
export class DistributionBindingChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int', nullable: true })
  fromPromoterId!: number | null;

  @Column({ type: 'int', nullable: true })
  toPromoterId!: number | null;

  @StatusColumn(16)
  actor!: DistributionActor;

  @Column({ type: 'int', nullable: true })
  actorId!: number | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  reason!: string;

  @CreatedAtColumn()
  createdAt!: Date;
}
