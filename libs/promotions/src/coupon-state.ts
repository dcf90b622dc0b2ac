import { StateMachine, type TransitionKey } from '@app/common';

export const COUPON_STATUSES = ['unused', 'used', 'revoked'] as const;
export type CouponStatus = (typeof COUPON_STATUSES)[number];
export type CouponActor = 'user' | 'admin' | 'system';

/** Who may cause each transition. used -> unused: the unpaid order it was locked to was cancelled or expired. */
export const COUPON_TRANSITION_ACTORS: Partial<Record<TransitionKey<CouponStatus>, readonly CouponActor[]>> = {
  'unused->used': ['user'],
  'used->unused': ['user', 'admin', 'system'],
  'unused->revoked': ['admin'],
};

/** Issued coupons: locked to an order at its creation; given back only when that order is cancelled unpaid. */
export const couponStates = new StateMachine<CouponStatus, CouponActor>(
  'coupon',
  { unused: ['used', 'revoked'], used: ['unused'], revoked: [] },
  COUPON_TRANSITION_ACTORS,
);

/**
 * What the shopper sees: usable, upcoming (unused, its window not yet open), used, expired (unused past its window)
 * or revoked.
 */
export type CouponState = 'usable' | 'upcoming' | 'used' | 'expired' | 'revoked';

export function shownState(c: { status: CouponStatus; validFrom: Date; validTo: Date }, now: Date): CouponState {
  if (c.status !== 'unused') return c.status;
  if (c.validTo <= now) return 'expired';
  return c.validFrom > now ? 'upcoming' : 'usable';
}
