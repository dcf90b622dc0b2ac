import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UpdatedAtColumn } from '@app/database';

/*
 * Reports' own tables: rollups of paid orders and refunds per business day (`yyyymmdd`, SHOP_TIMEZONE), kept by the
 * rollup sweep from order and refund events, and rebuilt from scratch by `npm run reports -- rebuild`. Money in fen
 * (BIGINT: a year of a big shop exceeds INT).
 */

/** One business day: paid orders (by paid_at) and refunds (by succeeded_at). */
@Entity('report_day')
export class ReportDay {
  @PrimaryColumn({ type: 'int' })
  day!: number;

  /** Orders paid this day. */
  @Column({ type: 'int', default: 0 })
  orders!: number;

  /** Paid amount of those orders. */
  @Column({ type: 'bigint', default: 0 })
  gmv!: number;

  /** Distinct buyers of those orders. */
  @Column({ type: 'int', default: 0 })
  buyers!: number;

  /** Buyers whose first paid order is this day's. */
  @Column({ type: 'int', default: 0 })
  newBuyers!: number;

  /** Units of those orders. */
  @Column({ type: 'int', default: 0 })
  units!: number;

  /** Refunds that succeeded this day (refunds of late payments, which never were sales, left out). */
  @Column({ type: 'int', default: 0 })
  refunds!: number;

  @Column({ type: 'bigint', default: 0 })
  refundAmount!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/** Distinct buyers of a whole week (from its Monday) or month: not a sum of days. */
@Entity('report_period')
export class ReportPeriod {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  granularity!: 'week' | 'month';

  @PrimaryColumn({ type: 'int' })
  periodStart!: number;

  @Column({ type: 'int', default: 0 })
  buyers!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}

/**
 * Units sold per SKU by the business day they were paid, and how many of those units were refunded since (a
 * cohort: the refund rate of what was sold in a range).
 */
@Entity('report_sku_day')
@Index('idx_report_sku_day_product', ['productId', 'day'])
export class ReportSkuDay {
  @PrimaryColumn({ type: 'int' })
  day!: number;

  @PrimaryColumn({ type: 'int' })
  skuId!: number;

  @Column({ type: 'int' })
  productId!: number;

  @Column({ type: 'int', default: 0 })
  units!: number;

  @Column({ type: 'bigint', default: 0 })
  gmv!: number;

  @Column({ type: 'int', default: 0 })
  refundUnits!: number;

  @Column({ type: 'bigint', default: 0 })
  refundAmount!: number;
}

/** Where the rollup sweep stands in the order and refund event streams (one row, id 1; its lock serializes rollups). */
@Entity('report_rollup_state')
export class ReportRollupState {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ type: 'int', default: 0 })
  orderEventId!: number;

  @Column({ type: 'int', default: 0 })
  refundEventId!: number;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
