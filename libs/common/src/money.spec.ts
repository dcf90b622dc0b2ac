import { allocateFen, assertFen, formatYuan, mulFen, sumFen } from './money';

describe('money', () => {
  it('accepts only non-negative integer fen', () => {
    expect(assertFen(0)).toBe(0);
    expect(() => assertFen(1.5)).toThrow(RangeError);
    expect(() => assertFen(-1)).toThrow(RangeError);
    expect(() => assertFen(Number.NaN)).toThrow(RangeError);
  });

  it('sums and multiplies exactly', () => {
    expect(sumFen([1, 2, 9999])).toBe(10002);
    expect(mulFen(3333, 3)).toBe(9999);
  });

  it('formats yuan for display', () => {
    expect(formatYuan(9900)).toBe('99.00');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(123456)).toBe('1234.56');
  });

  it('allocates proportionally and always sums to the total', () => {
    expect(allocateFen(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateFen(1000, [3000, 1000])).toEqual([750, 250]);
    expect(allocateFen(7, [0, 0])).toEqual([7, 0]);
    for (let i = 0; i < 200; i++) {
      const weights = Array.from({ length: 1 + (i % 7) }, (_, k) => ((i * 31 + k * 17) % 1000) + 1);
      const total = (i * 7919) % 100000;
      const parts = allocateFen(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(parts.every((p) => Number.isInteger(p) && p >= 0)).toBe(true);
    }
  });
});
