import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many coupons of a template one shopper holds (claimed or issued): the row the per-user limit is checked on
 * with a conditional update, so concurrent claims by one shopper serialize on it and never pass the limit.
 */
@Entity('coupon_claim')
export class CouponClaim {
  @PrimaryColumn({ type: 'int' })
  templateId!: number;

  @PrimaryColumn({ type: 'int' })
  userId!: number;

  @Column({ type: 'int', default: 0 })
  claimed!: number;
}
