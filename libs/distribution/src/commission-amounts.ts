import type { AfterSaleOrderItem } from '@app/orders';
import type { CommissionRuleMode } from './commission.entity';
import type { DistributionSettings } from './distribution-settings';

/**
 * The paid amount of an order item that commissions are computed on: its line total less its share of a coupon's
 * discount (orders apportions it); the shipping fee is never part of it. The one place distribution decides it.
 */
export function itemPaidAmount(item: Pick<AfterSaleOrderItem, 'paidAmount'>): number {
  return item.paidAmount;
}

export interface RuleLike {
  mode: CommissionRuleMode;
  level1: number;
  level2: number;
}

export interface CommissionQuote {
  mode: 'rate' | 'fixed';
  /** Basis points (rate) or fen per unit (fixed). */
  value: number;
  amount: number;
}

/**
 * One level's commission on an item: the SKU's rule, else the product's, else the settings' rate. A rate gives
 * floor(base x bp / 10000); a fixed amount gives amount x quantity, never more than the base. Null: nothing earned.
 */
export function commissionFor(
  base: number,
  quantity: number,
  level: 1 | 2,
  rule: RuleLike | undefined,
  s: Pick<DistributionSettings, 'level1RateBp' | 'level2RateBp'>,
): CommissionQuote | null {
  if (rule?.mode === 'excluded') return null;
  const mode = rule?.mode ?? 'rate';
  const value = rule ? (level === 1 ? rule.level1 : rule.level2) : level === 1 ? s.level1RateBp : s.level2RateBp;
  const amount = mode === 'fixed' ? Math.min(value * quantity, base) : Math.floor((base * value) / 10_000);
  return amount > 0 ? { mode, value, amount } : null;
}

/**
 * What is left of a commission once `refunded` of `quantity` units went back: the same cumulative split refunds use
 * (floor(total x k / n) for k units), so any sequence of partial refunds ends where one refund of them all would, and
 * a full refund leaves zero.
 */
export function remainingCommission(initial: number, quantity: number, refunded: number): number {
  const k = Math.min(Math.max(refunded, 0), quantity);
  return initial - Math.floor((initial * k) / quantity);
}
