import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const SKU_STATUSES = ['enabled', 'disabled'] as const;
export type SkuStatus = (typeof SKU_STATUSES)[number];

/**
 * A sellable variant. `stock` changes only through InventoryService (conditional updates + ledger rows),
 * never through save().
 *
 * Uniqueness of (product, spec values) holds among enabled SKUs: `specKey` is the JSON of the values while the
 * SKU is enabled and NULL once disabled, so a disabled SKU never blocks a new SKU with the same combination
 * (MySQL has no partial unique index; NULLs do not collide).
 */
@Entity('sku')
@Index('uq_sku_product_spec', ['productId', 'specKey'], { unique: true })
@Index('idx_sku_low_stock', ['status', 'stock'])
export class Sku {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  productId!: number;

  /** Ordered like the product's specs; [] for a product without specs. */
  @JsonColumn()
  specValues!: string[];

  @Column({ type: 'varchar', length: 255, nullable: true })
  specKey!: string | null;

  /** "白 / M", ready for carts and order snapshots. */
  @Column({ type: 'varchar', length: 100, default: '' })
  specText!: string;

  @MoneyColumn()
  price!: number;

  @MoneyColumn({ nullable: true, default: null })
  linePrice!: number | null;

  @Column({ type: 'int', default: 0 })
  stock!: number;

  @Column({ type: 'int', default: 0 })
  salesCount!: number;

  /** Merchant SKU code. */
  @Column({ type: 'varchar', length: 64, default: '' })
  code!: string;

  @Column({ type: 'varchar', length: 512, nullable: true })
  image!: string | null;

  @StatusColumn(16)
  status!: SkuStatus;

  /** Position in the product's SKU list (the order the admin sent). */
  @Column({ type: 'int', default: 0 })
  sort!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
