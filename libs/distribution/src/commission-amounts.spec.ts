import { commissionFor, remainingCommission } from './commission-amounts';

const S = { level1RateBp: 1000, level2RateBp: 300 };

describe('commission amounts', () => {
  it('floors the rate and prefers the rule of the item', () => {
    expect(commissionFor(9999, 1, 1, undefined, S)).toEqual({ mode: 'rate', value: 1000, amount: 999 });
    expect(commissionFor(9999, 1, 2, undefined, S)).toEqual({ mode: 'rate', value: 300, amount: 299 });
    expect(commissionFor(5000, 2, 1, { mode: 'rate', level1: 2500, level2: 0 }, S)?.amount).toBe(1250);
    expect(commissionFor(5000, 2, 2, { mode: 'rate', level1: 2500, level2: 0 }, S)).toBeNull();
    expect(commissionFor(5000, 3, 1, { mode: 'fixed', level1: 200, level2: 50 }, S)).toEqual({ mode: 'fixed', value: 200, amount: 600 });
    expect(commissionFor(500, 3, 1, { mode: 'fixed', level1: 200, level2: 50 }, S)?.amount).toBe(500);
    expect(commissionFor(5000, 3, 1, { mode: 'excluded', level1: 0, level2: 0 }, S)).toBeNull();
    expect(commissionFor(9, 1, 1, undefined, S)).toBeNull();
  });

  it('shrinks by the cumulative split: any order of partial refunds ends at the same amount, a full refund at zero', () => {
    for (const initial of [1, 7, 100, 1001, 99_999])
      for (const n of [1, 2, 3, 7]) {
        expect(remainingCommission(initial, n, 0)).toBe(initial);
        expect(remainingCommission(initial, n, n)).toBe(0);
        let prev = initial;
        for (let k = 1; k <= n; k++) {
          const left = remainingCommission(initial, n, k);
          expect(left).toBeLessThanOrEqual(prev);
          prev = left;
        }
      }
  });
});
