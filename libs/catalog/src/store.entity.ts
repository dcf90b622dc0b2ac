import { Column, Entity, Index, PrimaryGeneratedColumn, type ValueTransformer } from 'typeorm';
import { CreatedAtColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export type StoreStatus = 'active' | 'inactive';

/** DECIMAL comes back as a string from some drivers: coordinates are plain numbers in code. */
const decimalNumber: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/** A physical shop (pick-up point). Coordinates are GCJ-02 as returned by wx.getLocation({type:'gcj02'}). */
@Entity('store')
@Index('idx_store_status', ['status', 'sort'])
export class Store {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  province!: string;

  @Column({ type: 'varchar', length: 32 })
  city!: string;

  @Column({ type: 'varchar', length: 32 })
  district!: string;

  @Column({ type: 'varchar', length: 200 })
  address!: string;

  @Column({ type: 'decimal', precision: 9, scale: 6, transformer: decimalNumber })
  latitude!: number;

  @Column({ type: 'decimal', precision: 9, scale: 6, transformer: decimalNumber })
  longitude!: number;

  @Column({ type: 'varchar', length: 20, default: '' })
  phone!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  businessHours!: string;

  @StatusColumn(16)
  status!: StoreStatus;

  @Column({ type: 'int', default: 0 })
  sort!: number;

  /** Shoppers may choose to collect their order here. */
  @Column({ type: 'boolean', default: false })
  pickupEnabled!: boolean;

  /** When orders can be collected, e.g. 10:00-21:00. */
  @Column({ type: 'varchar', length: 64, default: '' })
  pickupHours!: string;

  /** Minutes the store needs to get an order ready after payment (shown to the shopper). */
  @Column({ type: 'int', default: 0 })
  pickupPrepMinutes!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
