import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MoneyColumn } from '@app/database';

/** A line of an order: a snapshot of the SKU as sold (title, spec text, image, unit price). */
@Entity('order_item')
@Index('idx_order_item_order', ['orderId'])
export class OrderItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  productId!: number;

  @Column({ type: 'int' })
  skuId!: number;

  @Column({ type: 'varchar', length: 120 })
  title!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  specText!: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  image!: string;

  @MoneyColumn()
  unitPrice!: number;

  @Column({ type: 'int' })
  quantity!: number;

  @MoneyColumn()
  lineTotal!: number;

  /** This line's share of the order's coupon discount (largest remainder over the eligible lines by line total). */
  @MoneyColumn()
  discountAmount!: number;

  /** lineTotal - discountAmount: what the buyer paid for the line, the base of refunds, commissions and reports. */
  @MoneyColumn()
  paidAmount!: number;

  @Column({ type: 'int', default: 0 })
  refundedQuantity!: number;

  @MoneyColumn()
  refundedAmount!: number;
}
