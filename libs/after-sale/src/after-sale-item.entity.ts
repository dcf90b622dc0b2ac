import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MoneyColumn } from '@app/database';

@Entity('after_sale_item')
@Index('idx_after_sale_item_request', ['afterSaleId'])
@Index('idx_after_sale_item_order_item', ['orderItemId'])
export class AfterSaleItem {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  afterSaleId!: number;

  @Column({ type: 'int' })
  orderItemId!: number;

  @Column({ type: 'int' })
  quantity!: number;

  @MoneyColumn()
  amount!: number;
}
