import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn } from '@app/database';

/** One spec of a product (e.g. 颜色) with its ordered values (e.g. 白, 黑). Replaced as a whole on matrix edits. */
@Entity('product_spec')
@Index('idx_product_spec_product', ['productId', 'sort'])
export class ProductSpec {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  productId!: number;

  @Column({ type: 'varchar', length: 20 })
  name!: string;

  @JsonColumn()
  values!: string[];

  /** Position of the spec in the product: SKU spec values follow this order. */
  @Column({ type: 'int', default: 0 })
  sort!: number;
}
