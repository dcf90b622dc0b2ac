import { apportion, bestCoupon, type CouponTerms, quoteCoupon, rawDiscount } from './coupon-pricing';

const terms = (t: Partial<CouponTerms>): CouponTerms => ({
  kind: 'amount_off',
  amount: 0,
  threshold: 0,
  ratePercent: null,
  maxDiscount: null,
  scope: 'all',
  scopeIds: [],
  ...t,
});

// mulberry32: reproducible random cases.
let seed = 19;
const rnd = (n: number): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};

describe('coupon pricing', () => {
  it('amount off: applies from the threshold exactly, never more than the eligible total', () => {
    const c = terms({ amount: 1000, threshold: 9900 });
    expect(rawDiscount(c, 9899)).toEqual({ discount: 0, reason: 'below_threshold' });
    expect(rawDiscount(c, 9900)).toEqual({ discount: 1000, reason: null });
    expect(rawDiscount(terms({ kind: 'no_threshold', amount: 500 }), 300)).toEqual({ discount: 300, reason: null });
    expect(rawDiscount(terms({ kind: 'no_threshold', amount: 500 }), 0)).toEqual({ discount: 0, reason: 'no_eligible_items' });
  });

  it('percent off: rounds the discount down and stops at the cap', () => {
    const c = terms({ kind: 'percent_off', ratePercent: 85, threshold: 1000, maxDiscount: 2000 });
    expect(rawDiscount(c, 999).reason).toBe('below_threshold');
    expect(rawDiscount(c, 1001)).toEqual({ discount: 150, reason: null }); // 15% of 1001 = 150.15
    expect(rawDiscount(c, 13333)).toEqual({ discount: 1999, reason: null });
    expect(rawDiscount(c, 13334)).toEqual({ discount: 2000, reason: null });
    expect(rawDiscount(c, 99999)).toEqual({ discount: 2000, reason: null });
    expect(rawDiscount(terms({ kind: 'percent_off', ratePercent: 99 }), 99)).toEqual({ discount: 0, reason: 'no_discount' });
  });

  it('scopes by product and by category (a top category covers its subcategories)', () => {
    const lines = [
      { productId: 1, categoryIds: [11, 10], lineTotal: 3000 },
      { productId: 2, categoryIds: [12, 10], lineTotal: 2000 },
      { productId: 3, categoryIds: [21, 20], lineTotal: 1000 },
    ];
    expect(quoteCoupon(terms({ kind: 'no_threshold', amount: 600, scope: 'products', scopeIds: [3] }), lines, 1e9)).toEqual({
      eligibleTotal: 1000,
      discount: 600,
      shares: [0, 0, 600],
      reason: null,
    });
    expect(quoteCoupon(terms({ amount: 500, threshold: 5000, scope: 'categories', scopeIds: [10] }), lines, 1e9).shares).toEqual([
      300, 200, 0,
    ]);
    expect(quoteCoupon(terms({ amount: 500, threshold: 5001, scope: 'categories', scopeIds: [10] }), lines, 1e9).reason).toBe(
      'below_threshold',
    );
    expect(quoteCoupon(terms({ amount: 500, scope: 'categories', scopeIds: [12] }), lines, 1e9).shares).toEqual([0, 500, 0]);
    expect(quoteCoupon(terms({ amount: 500, scope: 'products', scopeIds: [9] }), lines, 1e9).reason).toBe('no_eligible_items');
  });

  it("cuts the discount to the order's floor", () => {
    const lines = [{ productId: 1, categoryIds: [], lineTotal: 800 }];
    expect(quoteCoupon(terms({ kind: 'no_threshold', amount: 1000 }), lines, 799)).toMatchObject({ discount: 799, shares: [799] });
    expect(quoteCoupon(terms({ kind: 'no_threshold', amount: 1000 }), lines, 0)).toMatchObject({ discount: 0, reason: 'no_discount' });
  });

  it('apportions by largest remainder: shares sum exactly and stay within each weight (random cases)', () => {
    expect(apportion(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(apportion(100, [100, 100, 100])).toEqual([34, 33, 33]);
    expect(apportion(10, [333, 333, 334])).toEqual([3, 3, 4]);
    expect(apportion(1, [1, 99_999_999])).toEqual([0, 1]);
    for (let k = 0; k < 5000; k++) {
      const weights = Array.from({ length: 1 + rnd(8) }, () => (rnd(5) === 0 ? 0 : 1 + rnd(rnd(2) ? 100 : 100_000_000 / 8)));
      const sum = weights.reduce((a, b) => a + b, 0);
      const total = rnd(sum + 1);
      const shares = apportion(total, weights);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      shares.forEach((s, i) => {
        expect(s >= 0 && s <= weights[i]!).toBe(true);
        // Within one fen of the exact proportion.
        expect(Math.abs(s - (sum ? (total * weights[i]!) / sum : 0))).toBeLessThan(1.000001);
      });
    }
    expect(() => apportion(5, [1, 2])).toThrow(RangeError);
  });

  it('picks the largest discount, then the coupon expiring first, then the oldest', () => {
    const q = (discount: number) => ({ eligibleTotal: 0, discount, shares: [], reason: null });
    const soon = new Date('2030-01-01T00:00:00Z');
    const late = new Date('2030-02-01T00:00:00Z');
    expect(
      bestCoupon([
        { couponId: 1, validTo: soon, quote: q(500) },
        { couponId: 2, validTo: late, quote: q(800) },
        { couponId: 3, validTo: soon, quote: { ...q(0), reason: 'below_threshold' as const } },
      ])?.couponId,
    ).toBe(2);
    expect(
      bestCoupon([
        { couponId: 4, validTo: late, quote: q(800) },
        { couponId: 5, validTo: soon, quote: q(800) },
        { couponId: 3, validTo: soon, quote: q(800) },
      ])?.couponId,
    ).toBe(3);
    expect(bestCoupon([])).toBeNull();
  });
});
