import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/database';

/**
 * The shop's runtime settings: one row (id 1). A NULL column follows the environment's default; `version` grows with
 * every change, and every instance compares it to decide whether to reload (SettingsService).
 */
@Entity('shop_settings')
export class ShopSettingsRow {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', nullable: true })
  shippingFee!: number | null;

  @Column({ type: 'int', nullable: true })
  freeShippingThreshold!: number | null;

  @Column({ type: 'int', nullable: true })
  orderPayMinutes!: number | null;

  @Column({ type: 'int', nullable: true })
  orderAutoConfirmDays!: number | null;

  @Column({ type: 'int', nullable: true })
  afterSaleDays!: number | null;

  @Column({ type: 'int', nullable: true })
  returnShipDays!: number | null;

  @Column({ type: 'int', nullable: true })
  lowStockThreshold!: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  customerServicePhone!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  customerServiceHours!: string | null;

  @Column({ type: 'int', default: 0 })
  version!: number;

  @Column({ type: 'int', nullable: true })
  updatedBy!: number | null;

  @DateTimeColumn({ nullable: true })
  updatedAt!: Date | null;
}
