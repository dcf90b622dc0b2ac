/** Money is integer fen everywhere: DB, API and WeChat Pay. No floats, ever. */
export type Fen = number;

/** Ceiling for a single price or amount: 1,000,000 yuan. Larger values are typos, not prices. */
export const MAX_FEN = 100_000_000;

export function isFen(n: unknown): n is Fen {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function assertFen(n: number, what = 'amount'): Fen {
  if (!isFen(n)) throw new RangeError(`${what} must be a non-negative integer number of fen, got ${String(n)}`);
  return n;
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) total += assertFen(v);
  return assertFen(total, 'sum');
}

export function mulFen(unit: Fen, quantity: number): Fen {
  return assertFen(assertFen(unit, 'unit price') * quantity, 'line total');
}

/** 9900 -> "99.00" (display only: WeChat messages, logs). */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * Splits `total` fen across `weights` in proportion, exactly (largest remainder), so the parts always
 * sum to `total`. Used to spread a refund or discount over order lines.
 */
export function allocateFen(total: Fen, weights: readonly number[]): Fen[] {
  assertFen(total);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const parts = raw.map((x) => Math.floor(x));
  let rest = total - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, frac: x - Math.floor(x) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k]!.i] = parts[order[k]!.i]! + 1;
  return parts;
}
