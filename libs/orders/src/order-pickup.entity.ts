import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { PickupStatus } from './pickup-state';

/** A pick-up order's store, who collects it, its verification code and its own steps. */
@Entity('order_pickup')
@Index('idx_order_pickup_store_code', ['storeId', 'code'])
@Index('idx_order_pickup_status_due', ['status', 'dueAt'])
@Index('idx_order_pickup_store_status', ['storeId', 'status', 'orderId'])
export class OrderPickup {
  @PrimaryColumn({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  storeId!: number;

  @Column({ type: 'varchar', length: 64 })
  storeName!: string;

  @Column({ type: 'varchar', length: 32 })
  pickerName!: string;

  @Column({ type: 'varchar', length: 20 })
  pickerPhone!: string;

  /** The short code the buyer shows (8 digits, random); the QR payload carries it with the order number. */
  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @StatusColumn(16)
  status!: PickupStatus;

  @DateTimeColumn({ nullable: true })
  readyAt!: Date | null;

  /** Not collected by then: listed for the operator (refund or extend). Set when ready. */
  @DateTimeColumn({ nullable: true })
  dueAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  pickedUpAt!: Date | null;

  /** When WeChat's shipping-info service was told (logistics type 4, user pick-up). */
  @DateTimeColumn({ nullable: true })
  wechatUploadedAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
