import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from '@app/database';

/** One line of a shopper's cart. No price is stored: reading the cart re-prices from the catalog. */
@Entity('cart_item')
@Index('uq_cart_item_user_sku', ['userId', 'skuId'], { unique: true })
export class CartItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  userId!: number;

  @Column({ type: 'int' })
  skuId!: number;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ type: 'boolean', default: true })
  selected!: boolean;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
