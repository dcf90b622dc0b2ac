import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, StatusColumn } from '@app/database';

/**
 * `refund_restock`: units refunded before they shipped (they never left the shop), back when the refund succeeds;
 * `return_restock`: units the buyer sent back, back when the operator confirms receipt.
 */
export const STOCK_REASONS = ['initial', 'adjust', 'order', 'order_cancel', 'refund_restock', 'return_restock'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

/** The stock ledger. Invariant: for every SKU, `sku.stock == SUM(stock_movement.delta)`. Append-only. */
@Entity('stock_movement')
@Index('idx_stock_movement_sku', ['skuId', 'id'])
@Index('idx_stock_movement_ref', ['refType', 'refId', 'reason'])
export class StockMovement {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  skuId!: number;

  @Column({ type: 'int' })
  delta!: number;

  @StatusColumn(16)
  reason!: StockReason;

  /** What caused it (e.g. 'order' + order id, 'after_sale' + request id); null for admin adjustments. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  refType!: string | null;

  @Column({ type: 'int', nullable: true })
  refId!: number | null;

  @Column({ type: 'int' })
  stockAfter!: number;

  @Column({ type: 'int', nullable: true })
  adminId!: number | null;

  /** The admin's reason text for an adjustment. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  note!: string | null;

  @CreatedAtColumn()
  createdAt!: Date;
}
