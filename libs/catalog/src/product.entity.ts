import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const PRODUCT_STATUSES = ['draft', 'on_sale', 'off_sale'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * A product (SPU). Shoppers see it when `status = 'on_sale' AND deleted_at IS NULL`. min/max/line price are
 * derived from the enabled SKUs and rewritten in the transaction that changes the SKU matrix.
 *
 * The listing indexes start with (status, deleted_at) -- both equalities for shoppers -- followed by the
 * category filter and/or the sort column, so `ORDER BY ... LIMIT` reads the index in order
 * (docs/catalog-indexes.md has the EXPLAIN output).
 */
@Entity('product')
@Index('idx_product_list_created', ['status', 'deletedAt', 'createdAt'])
@Index('idx_product_list_sales', ['status', 'deletedAt', 'salesCount'])
@Index('idx_product_list_price', ['status', 'deletedAt', 'minPrice'])
@Index('idx_product_cat_created', ['status', 'deletedAt', 'categoryId', 'createdAt'])
@Index('idx_product_cat_sales', ['status', 'deletedAt', 'categoryId', 'salesCount'])
@Index('idx_product_cat_price', ['status', 'deletedAt', 'categoryId', 'minPrice'])
@Index('idx_product_category', ['categoryId', 'deletedAt'])
@Index('idx_product_title', ['status', 'deletedAt', 'title'])
export class Product {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  categoryId!: number;

  @Column({ type: 'varchar', length: 60 })
  title!: string;

  @Column({ type: 'varchar', length: 120, default: '' })
  subtitle!: string;

  @Column({ type: 'varchar', length: 512 })
  mainImage!: string;

  @JsonColumn()
  images!: string[];

  @JsonColumn()
  detailImages!: string[];

  @StatusColumn(16)
  status!: ProductStatus;

  /** Lowest price among enabled SKUs (listing, price sort). */
  @MoneyColumn()
  minPrice!: number;

  @MoneyColumn()
  maxPrice!: number;

  /** Strike-through price shown in listings: the line price of the cheapest enabled SKU. */
  @MoneyColumn({ nullable: true, default: null })
  linePrice!: number | null;

  /** At most this many units (all SKUs together) in one order; null = no limit. */
  @Column({ type: 'int', nullable: true, default: null })
  limitPerOrder!: number | null;

  /** At most this many units per shopper, counted over their live orders (README, "Purchase limits"); null = no limit. */
  @Column({ type: 'int', nullable: true, default: null })
  limitPerUser!: number | null;

  /** Units reserved by orders minus units given back (cancellations, restocked returns). */
  @Column({ type: 'int', default: 0 })
  salesCount!: number;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;

  /** Soft delete: order items keep pointing at the row; hidden everywhere else. */
  @DateTimeColumn({ nullable: true })
  deletedAt!: Date | null;
}
