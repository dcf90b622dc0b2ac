import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAtColumn, DateTimeColumn, JsonColumn, MoneyColumn, StatusColumn, UpdatedAtColumn } from '@app/database';

export const COUPON_KINDS = ['amount_off', 'percent_off', 'no_threshold'] as const;
/** amount_off 满减 (amount off from a threshold), percent_off 折扣 (percent off, capped), no_threshold 无门槛. */
export type CouponKind = (typeof COUPON_KINDS)[number];
export const COUPON_SCOPES = ['all', 'categories', 'products'] as const;
export type CouponScope = (typeof COUPON_SCOPES)[number];
export const COUPON_CHANNELS = ['public', 'operator'] as const;
/** public: shoppers claim it; operator: only issued by operators to chosen shoppers. */
export type CouponChannel = (typeof COUPON_CHANNELS)[number];
export const TEMPLATE_STATUSES = ['active', 'stopped'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/**
 * A coupon's terms, fixed once created (only `status` changes: a stopped template issues no more coupons; issued
 * ones stay valid). `issuedCount` counts every coupon issued, claimed or by operators, against `totalQuantity`.
 */
@Entity('coupon_template')
@Index('idx_coupon_template_listing', ['status', 'channel', 'id'])
export class CouponTemplate {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @StatusColumn(16)
  kind!: CouponKind;

  /** Fen off (amount_off, no_threshold); 0 for percent_off. */
  @MoneyColumn()
  amount!: number;

  /** Least eligible total (fen) the coupon needs; 0 = none. */
  @MoneyColumn()
  threshold!: number;

  /** percent_off: percent of the price paid (85 = 8.5折, 15% off); null otherwise. */
  @Column({ type: 'int', nullable: true })
  ratePercent!: number | null;

  /** percent_off: the most it takes off (fen); null = no cap. */
  @Column({ type: 'int', nullable: true })
  maxDiscount!: number | null;

  @StatusColumn(16)
  scope!: CouponScope;

  /** Category ids (a top category covers its subcategories) or product ids, by scope; [] for all. */
  @JsonColumn()
  scopeIds!: number[];

  /** Fixed validity window; null when the coupon is valid for `validDays` after it is claimed. */
  @DateTimeColumn({ nullable: true })
  validFrom!: Date | null;

  @DateTimeColumn({ nullable: true })
  validTo!: Date | null;

  @Column({ type: 'int', nullable: true })
  validDays!: number | null;

  @Column({ type: 'int' })
  totalQuantity!: number;

  @Column({ type: 'int', default: 0 })
  issuedCount!: number;

  @Column({ type: 'int' })
  perUserLimit!: number;

  @StatusColumn(16)
  channel!: CouponChannel;

  /** Whether it may combine with other promotions; an order still takes at most one coupon. */
  @Column({ type: 'boolean', default: false })
  stackable!: boolean;

  @StatusColumn(16)
  status!: TemplateStatus;

  @Column({ type: 'int', nullable: true })
  createdBy!: number | null;

  @CreatedAtColumn()
  createdAt!: Date;

  @UpdatedAtColumn()
  updatedAt!: Date;
}
