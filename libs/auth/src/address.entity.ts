import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '@app/database';

/** A shipping address. Fields follow wx.chooseAddress (userName, telNumber, provinceName, ...). */
@Entity('address')
@Index('idx_address_user', ['userId', 'isDefault'])
export class Address {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'varchar', length: 32 })
  receiverName!: string;

  @Column({ type: 'varchar', length: 20 })
  phone!: string;

  @Column({ type: 'varchar', length: 32 })
  province!: string;

  @Column({ type: 'varchar', length: 32 })
  city!: string;

  @Column({ type: 'varchar', length: 32 })
  district!: string;

  @Column({ type: 'varchar', length: 200 })
  detail!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  postalCode!: string | null;

  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
