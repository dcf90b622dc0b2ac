import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UsersService } from '@app/auth';
import type { SkuSnapshot } from '@app/catalog';
import { type AppException, Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDateTime, select } from '@app/database';
import type { RequestedLine } from './order-pricing';
import { OrdersErrors } from './orders.errors';
import { UNITS_HELD, UNPAID_ORDERS } from './orders.sql';

/** Units of each product in the requested lines (a product's SKUs together), in product id order. */
function unitsByProduct(lines: readonly RequestedLine[], snapshots: ReadonlyMap<number, SkuSnapshot>): Map<number, number> {
  const units = new Map<number, number>();
  for (const l of lines) {
    const s = snapshots.get(l.skuId);
    if (s?.productId) units.set(s.productId, (units.get(s.productId) ?? 0) + l.quantity);
  }
  return new Map([...units].sort((a, b) => a[0] - b[0]));
}

function limitsOf(snapshots: ReadonlyMap<number, SkuSnapshot>): Map<number, Pick<SkuSnapshot, 'limitPerOrder' | 'limitPerUser'>> {
  return new Map([...snapshots.values()].filter((s) => s.productId).map((s) => [s.productId, s]));
}

/** Products of the lines over their per-order limit (pure: nothing but the request and the catalog). */
export function perOrderBlockers(lines: readonly RequestedLine[], snapshots: ReadonlyMap<number, SkuSnapshot>): AppException[] {
  const limits = limitsOf(snapshots);
  const out: AppException[] = [];
  for (const [productId, units] of unitsByProduct(lines, snapshots)) {
    const limit = limits.get(productId)?.limitPerOrder;
    if (limit != null && units > limit) out.push(OrdersErrors.limitPerOrder(productId, limit, units));
  }
  return out;
}

/**
 * The rules that keep one shopper from hoarding stock: at most MAX_UNPAID_ORDERS unpaid orders at once, and a
 * product's `limitPerUser` over the shopper's live orders. Counted: units of orders that are not cancelled and
 * not past their payment deadline unpaid, less the units refunded (README, "Purchase limits").
 *
 * Both depend on the shopper's other orders, so order creation checks them under the shopper's row lock (taken
 * by `lockShopper` before reading): two concurrent orders of one shopper cannot both pass.
 */
@Injectable()
export class PurchaseLimits {
  constructor(
    private readonly users: UsersService,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Whether an order of these lines depends on the shopper's other orders (then creation locks the shopper). */
  appliesTo(snapshots: ReadonlyMap<number, SkuSnapshot>): boolean {
    return this.config.business.maxUnpaidOrders > 0 || [...snapshots.values()].some((s) => s.limitPerUser !== null);
  }

  /** Serializes the shopper's order creations for the rest of the caller's transaction. */
  lockShopper(m: EntityManager, userId: number): Promise<void> {
    return this.users.lockUser(m, userId);
  }

  /** What the shopper's other orders forbid about these lines (in the caller's transaction, after lockShopper). */
  async shopperBlockers(
    m: EntityManager,
    userId: number,
    lines: readonly RequestedLine[],
    snapshots: ReadonlyMap<number, SkuSnapshot>,
  ): Promise<AppException[]> {
    const out: AppException[] = [];
    const now = dbDateTime(m, this.clock.now());
    const max = this.config.business.maxUnpaidOrders;
    if (max > 0) {
      const [row] = await select(m, UNPAID_ORDERS, [userId, now, max]);
      if (Number(row?.n ?? 0) >= max) out.push(OrdersErrors.tooManyUnpaidOrders(max));
    }
    const limits = limitsOf(snapshots);
    const limited = [...unitsByProduct(lines, snapshots)].filter(([productId]) => limits.get(productId)?.limitPerUser != null);
    if (limited.length > 0) {
      const rows = await select(m, UNITS_HELD(limited.length), [userId, now, ...limited.map(([productId]) => productId)]);
      const bought = new Map(rows.map((r) => [Number(r.productId), Number(r.units)]));
      for (const [productId, units] of limited) {
        const limit = limits.get(productId)!.limitPerUser!;
        const already = bought.get(productId) ?? 0;
        if (already + units > limit) out.push(OrdersErrors.limitPerUser(productId, limit, already, units));
      }
    }
    return out;
  }
}
