import { Column, Entity, Index } from 'typeorm';
import { StateChangeRow } from '@app/database';
import type { CouponActor, CouponStatus } from './coupon-state';

/** Audit trail of a coupon: its issue and every state change, with who and why. */
@Entity('coupon_event')
@Index('idx_coupon_event_coupon', ['couponId', 'id'])
export class CouponEvent extends StateChangeRow<CouponStatus, CouponActor> {
  @Column({ type: 'int' })
  couponId!: number;
}
