import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';
import type { CommissionStatus } from './distribution-state';

export const COMMISSION_RULE_MODES = ['rate', 'fixed', 'excluded'] as const;
export type CommissionRuleMode = (typeof COMMISSION_RULE_MODES)[number];

/** A product's (skuId 0) or an SKU's own commission: a rate in basis points, a fixed amount per unit, or none. */
@Entity('commission_rule')
@Index('uq_commission_rule_product_sku', ['productId', 'skuId'], { unique: true })
export class CommissionRule {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  productId!: number;

  /** 0 = the whole product. */
  @Column({ type: 'int', default: 0 })
  skuId!: number;

  @StatusColumn(16)
  mode!: CommissionRuleMode;

  /** Basis points (rate) or fen per unit (fixed), level 1. */
  @Column({ type: 'int', default: 0 })
  level1!: number;

  @Column({ type: 'int', default: 0 })
  level2!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * One order item's commission for one level. `initialAmount` is what the paid item earned; `amount` what is left of
 * it after refunds (initial - floor(initial x refunded units / units), the split refunds use), so a fully refunded
 * item earns nothing. Frozen until the sweep settles it; a refund after settlement claws the difference back.
 */
@Entity('commission')
@Index('uq_commission_item_level', ['orderItemId', 'level'], { unique: true })
@Index('idx_commission_order', ['orderId'])
@Index('idx_commission_promoter_created', ['promoterId', 'createdAt'])
@Index('idx_commission_status_completed', ['status', 'orderCompletedAt'])
@Index('idx_commission_created', ['createdAt'])
export class Commission {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  promoterId!: number;

  @Column({ type: 'int' })
  orderId!: number;

  @Column({ type: 'int' })
  orderItemId!: number;

  @Column({ type: 'int' })
  buyerUserId!: number;

  /** 1 or 2. */
  @Column({ type: 'tinyint' })
  level!: number;

  /** The item's paid amount the commission is computed on (shipping excluded). */
  @MoneyColumn()
  baseAmount!: number;

  @Column({ type: 'int' })
  quantity!: number;

  /** How it was computed: `rate` (value in basis points) or `fixed` (fen per unit). */
  @StatusColumn(16)
  ruleMode!: CommissionRuleMode;

  @Column({ type: 'int' })
  ruleValue!: number;

  @MoneyColumn()
  initialAmount!: number;

  @MoneyColumn()
  amount!: number;

  @StatusColumn(16)
  status!: CommissionStatus;

  /** When the order completed: the freeze counts from here (null until then). */
  @DateTimeColumn({ nullable: true })
  orderCompletedAt!: Date | null;

  @DateTimeColumn({ nullable: true })
  settledAt!: Date | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
