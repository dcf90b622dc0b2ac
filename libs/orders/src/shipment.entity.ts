import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn, JsonColumn } from '@app/database';

@Entity('shipment')
@Index('idx_shipment_order', ['orderId'])
export class Shipment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'varchar', length: 32 })
  expressCompany!: string;

  @Column({ type: 'varchar', length: 64 })
  trackingNo!: string;

  /** Order item ids and quantities in this parcel (the whole order for now). */
  @JsonColumn()
  items!: { orderItemId: number; quantity: number }[];

  @DateTimeColumn()
  shippedAt!: Date;

  /** Set once WeChat's shipping-info API accepted the upload. */
  @DateTimeColumn({ nullable: true })
  wechatUploadedAt!: Date | null;
}
