import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, UpdatedAtColumn } from '@app/database';
import type { DistributionSettings } from './distribution-settings';

/**
 * The distribution settings: one row (id 1), a JSON document merged over the defaults, versioned so two owners
 * editing at once cannot overwrite each other. Kept in this lib behind DistributionSettingsService so it can move to
 * a general settings lib later without its callers changing.
 */
@Entity('distribution_settings')
export class DistributionSettingsRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @JsonColumn()
  document!: Partial<DistributionSettings>;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** The audit of a settings change: who, why, and the document before and after. */
@Entity('distribution_settings_change')
@Index('idx_distribution_settings_change_created', ['createdAt'])
export class DistributionSettingsChange {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  adminId!: number;

  @Column({ type: 'varchar', length: 255 })
  reason!: string;

  /** The settings document, or `{commissionRule: ...}` for an override, before and after. */
  @JsonColumn()
  beforeDoc!: Record<string, unknown>;

  @JsonColumn()
  afterDoc!: Record<string, unknown>;

  @Column({ type: 'int' })
  version!: number;

  @CreatedAtColumn()
  createdAt!: Date;
}
