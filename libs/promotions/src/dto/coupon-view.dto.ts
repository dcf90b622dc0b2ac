import { PageOf } from '@app/common';
import type { CouponState } from '../coupon-state';
import type { CouponChannel, CouponKind, CouponScope, TemplateStatus } from '../coupon-template.entity';

/** A coupon's terms as shoppers and operators read them. */
export class CouponTermsView {
  name!: string;
  kind!: CouponKind;
  amount!: number;
  threshold!: number;
  ratePercent!: number | null;
  maxDiscount!: number | null;
  scope!: CouponScope;
  scopeIds!: number[];
  stackable!: boolean;
  /** The condition in words, e.g. "满99减10", "8.5折 最多减20", "无门槛减5". */
  description!: string;
}

export class CouponTemplateView extends CouponTermsView {
  id!: number;
  validFrom!: string | null;
  validTo!: string | null;
  validDays!: number | null;
  totalQuantity!: number;
  issuedCount!: number;
  perUserLimit!: number;
  channel!: CouponChannel;
  status!: TemplateStatus;
  createdAt!: string;
}

export class CouponTemplatePage extends PageOf(CouponTemplateView) {}

/** A template the shopper may claim now. */
export class ClaimableCouponView extends CouponTermsView {
  templateId!: number;
  validFrom!: string | null;
  validTo!: string | null;
  validDays!: number | null;
  /** Coupons left to give out. */
  remaining!: number;
  perUserLimit!: number;
  /** How many of it the shopper already holds. */
  claimed!: number;
}

export class ClaimableCouponList {
  items!: ClaimableCouponView[];
}

export class CouponView extends CouponTermsView {
  id!: number;
  templateId!: number;
  /**
   * usable, upcoming (claimed, but its window opens at validFrom: listed with the usable ones, applies to nothing
   * before then), used (locked to an order), expired (unused past its window) or revoked.
   */
  state!: CouponState;
  validFrom!: string;
  validTo!: string;
  orderId!: number | null;
  usedAt!: string | null;
  claimedAt!: string;
}

export class CouponPage extends PageOf(CouponView) {}

export class AdminCouponView extends CouponView {
  userId!: number;
  source!: 'claim' | 'issue';
}

export class AdminCouponPage extends PageOf(AdminCouponView) {}

export class IssueRefusal {
  userId!: number;
  /** COUPON_CLAIM_LIMIT, COUPON_SOLD_OUT or NOT_FOUND (no such shopper). */
  code!: string;
}

export class IssueResult {
  issued!: number;
  couponIds!: number[];
  refused!: IssueRefusal[];
}

/** How a coupon prices the checkout's lines. */
export class CouponOptionView {
  couponId!: number;
  name!: string;
  kind!: CouponKind;
  /** Fen off (amount_off, no_threshold). */
  amount!: number;
  /** Least eligible total (fen); 0 = none. */
  threshold!: number;
  /** percent_off: percent of the price paid (85 = 8.5折). */
  ratePercent!: number | null;
  maxDiscount!: number | null;
  scope!: CouponScope;
  description!: string;
  validFrom!: string;
  validTo!: string;
  /** Fen off these lines (0 when not usable). */
  discount!: number;
  usable!: boolean;
  /** Why not: no_eligible_items, below_threshold, no_discount, not_started. */
  reason!: string | null;
}
