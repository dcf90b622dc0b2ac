import type { CouponKind, CouponScope } from './coupon-template.entity';

/** The terms pricing reads (a template's, as a coupon carries them). */
export interface CouponTerms {
  kind: CouponKind;
  amount: number;
  threshold: number;
  ratePercent: number | null;
  maxDiscount: number | null;
  scope: CouponScope;
  scopeIds: readonly number[];
}

/** A line of the order being priced. */
export interface CouponLine {
  productId: number;
  /** The product's category and that category's parent. */
  categoryIds: readonly number[];
  lineTotal: number;
}

export type CouponUnusableReason = 'no_eligible_items' | 'below_threshold' | 'no_discount' | 'not_started';

export interface CouponQuote {
  /** Sum of the line totals the coupon applies to. */
  eligibleTotal: number;
  /** Fen off (0 when not usable). */
  discount: number;
  /** The discount's share per line, aligned with the lines given (0 on lines out of scope); sums to `discount`. */
  shares: number[];
  reason: CouponUnusableReason | null;
}

export function inScope(terms: Pick<CouponTerms, 'scope' | 'scopeIds'>, line: Pick<CouponLine, 'productId' | 'categoryIds'>): boolean {
  if (terms.scope === 'all') return true;
  if (terms.scope === 'products') return terms.scopeIds.includes(line.productId);
  return line.categoryIds.some((c) => terms.scopeIds.includes(c));
}

/** The discount of the terms on the eligible total alone (before the order's floor). */
export function rawDiscount(terms: CouponTerms, eligibleTotal: number): { discount: number; reason: CouponUnusableReason | null } {
  if (eligibleTotal <= 0) return { discount: 0, reason: 'no_eligible_items' };
  if (eligibleTotal < terms.threshold) return { discount: 0, reason: 'below_threshold' };
  let discount: number;
  if (terms.kind === 'percent_off') {
    // Rounded down: the shop never gives more than the rate says.
    discount = Math.floor((eligibleTotal * (100 - (terms.ratePercent ?? 100))) / 100);
    if (terms.maxDiscount !== null) discount = Math.min(discount, terms.maxDiscount);
  } else discount = Math.min(terms.amount, eligibleTotal);
  return discount > 0 ? { discount, reason: null } : { discount: 0, reason: 'no_discount' };
}

/**
 * Prices a coupon on an order's lines. `maxDiscount` is the order's floor: the most any coupon may take off (items
 * total + shipping fee - 1 fen, unless the shop allows free orders); the discount is cut to it. The shares split the
 * discount over the eligible lines by their totals (largest remainder).
 */
export function quoteCoupon(terms: CouponTerms, lines: readonly CouponLine[], maxDiscount: number): CouponQuote {
  const eligible = lines.map((l) => (inScope(terms, l) ? l.lineTotal : 0));
  const eligibleTotal = eligible.reduce((a, b) => a + b, 0);
  const raw = rawDiscount(terms, eligibleTotal);
  const discount = Math.max(0, Math.min(raw.discount, maxDiscount));
  if (raw.reason || discount === 0) return { eligibleTotal, discount: 0, shares: lines.map(() => 0), reason: raw.reason ?? 'no_discount' };
  return { eligibleTotal, discount, shares: apportion(discount, eligible), reason: null };
}

/**
 * Splits `total` over `weights` in proportion, by largest remainder: each share is floor(total * w / sum), and the
 * fen left over go one each to the largest remainders (ties: the larger weight, then the earlier line). Shares sum
 * to `total` exactly and never exceed their weight when total <= sum. BigInt: fen * fen passes 2^53.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total < 0 || !Number.isInteger(total) || total > sum) throw new RangeError(`cannot apportion ${total} over ${sum}`);
  if (total === 0) return weights.map(() => 0);
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w, i) => {
    const p = T * BigInt(w);
    return { i, w, share: Number(p / S), rem: p % S };
  });
  let left = total - parts.reduce((a, p) => a + p.share, 0);
  const order = [...parts].sort((a, b) => (a.rem === b.rem ? b.w - a.w || a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const p of order) {
    if (left === 0) break;
    p.share += 1;
    left -= 1;
  }
  return parts.map((p) => p.share);
}

export interface CouponCandidate {
  couponId: number;
  validTo: Date;
  quote: CouponQuote;
}

/** The best usable coupon: the largest discount, then the one expiring first, then the oldest. */
export function bestCoupon<C extends CouponCandidate>(candidates: readonly C[]): C | null {
  let best: C | null = null;
  for (const c of candidates) {
    if (c.quote.reason || c.quote.discount <= 0) continue;
    if (
      !best ||
      c.quote.discount > best.quote.discount ||
      (c.quote.discount === best.quote.discount &&
        (c.validTo < best.validTo || (c.validTo.getTime() === best.validTo.getTime() && c.couponId < best.couponId)))
    )
      best = c;
  }
  return best;
}
