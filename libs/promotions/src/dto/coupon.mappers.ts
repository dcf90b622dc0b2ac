import { shownState } from '../coupon-state';
import type { CouponTemplate } from '../coupon-template.entity';
import type { Coupon } from '../coupon.entity';
import type { AdminCouponView, CouponTemplateView, CouponTermsView, CouponView } from './coupon-view.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const yuan = (fen: number): string => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2).replace(/0$/, ''));

type Terms = Pick<
  CouponTemplate,
  'name' | 'kind' | 'amount' | 'threshold' | 'ratePercent' | 'maxDiscount' | 'scope' | 'scopeIds' | 'stackable'
>;

/** The condition in the words shop fronts print on coupons. */
export function describeTerms(t: Omit<Terms, 'name' | 'scope' | 'scopeIds' | 'stackable'>): string {
  if (t.kind === 'percent_off') {
    const rate = `${yuan((t.ratePercent ?? 100) * 10)}折`;
    const from = t.threshold > 0 ? `满${yuan(t.threshold)} ` : '';
    return `${from}${rate}${t.maxDiscount !== null ? ` 最多减${yuan(t.maxDiscount)}` : ''}`;
  }
  if (t.kind === 'no_threshold' || t.threshold === 0) return `无门槛减${yuan(t.amount)}`;
  return `满${yuan(t.threshold)}减${yuan(t.amount)}`;
}

export function toTermsView(t: Terms): CouponTermsView {
  return {
    name: t.name,
    kind: t.kind,
    amount: t.amount,
    threshold: t.threshold,
    ratePercent: t.ratePercent,
    maxDiscount: t.maxDiscount,
    scope: t.scope,
    scopeIds: t.scopeIds,
    stackable: Boolean(t.stackable),
    description: describeTerms(t),
  };
}

export function toTemplateView(t: CouponTemplate): CouponTemplateView {
  return {
    id: t.id,
    ...toTermsView(t),
    validFrom: iso(t.validFrom),
    validTo: iso(t.validTo),
    validDays: t.validDays,
    totalQuantity: t.totalQuantity,
    issuedCount: t.issuedCount,
    perUserLimit: t.perUserLimit,
    channel: t.channel,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
  };
}

export function toCouponView(c: Coupon, t: Terms, now: Date): CouponView {
  return {
    id: c.id,
    templateId: c.templateId,
    ...toTermsView(t),
    state: shownState({ status: c.status, validFrom: c.validFrom, validTo: c.validTo }, now),
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo.toISOString(),
    orderId: c.orderId,
    usedAt: iso(c.usedAt),
    claimedAt: c.createdAt.toISOString(),
  };
}

export function toAdminCouponView(c: Coupon, t: Terms, now: Date): AdminCouponView {
  return { ...toCouponView(c, t, now), userId: c.userId, source: c.source };
}
