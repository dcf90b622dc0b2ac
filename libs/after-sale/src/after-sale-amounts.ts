/**
 * How much money a request for some units of some order items is worth. Each item's line total is
 * shared out by units cumulatively: the first k units of an item are worth floor(lineTotal * k / n),
 * and all n are worth exactly lineTotal. A request for q units, after c units already committed to
 * other requests, is worth share(c + q) - share(c): requests on one item always sum to its line total,
 * whatever the order of requests, and nothing depends on what an operator approved for earlier ones.
 */
export interface ItemLedger {
  orderItemId: number;
  quantity: number;
  lineTotal: number;
  /** Units in open or refunded requests. */
  committedQuantity: number;
  /** Units in requests whose money has moved or is moving (MONEY_MOVED_STATUSES): they will not ship. */
  movedQuantity: number;
}

export interface RequestedUnits {
  orderItemId: number;
  quantity: number;
}

export interface Quote {
  items: { orderItemId: number; quantity: number; amount: number }[];
  itemsAmount: number;
  /** The order's shipping fee, when this refund leaves nothing of the unshipped order to ship. */
  shippingAmount: number;
  total: number;
}

export function share(item: Pick<ItemLedger, 'quantity' | 'lineTotal'>, units: number): number {
  if (units >= item.quantity) return item.lineTotal;
  return Math.floor((item.lineTotal * units) / item.quantity);
}

export function refundableOf(item: ItemLedger): { quantity: number; amount: number } {
  return { quantity: item.quantity - item.committedQuantity, amount: item.lineTotal - share(item, item.committedQuantity) };
}

/**
 * Whether the order's shipping fee can still go back with some refund: the order has not shipped and no request
 * whose money moved has taken the fee.
 */
export function shippingRefundable(
  order: { status: string; shippingFee: number; shippedAt: Date | null },
  shippingTaken: boolean,
): boolean {
  return order.status === 'paid' && order.shippedAt === null && order.shippingFee > 0 && !shippingTaken;
}

/**
 * True when, after these units, every unit of the order is in a request whose money has moved: nothing is left
 * to ship. Requests still open (requested, awaiting or returning goods) do not count: they may be cancelled or
 * rejected, and then their units ship.
 */
export function leavesNothingToShip(ledger: readonly ItemLedger[], requested: readonly RequestedUnits[]): boolean {
  const units = new Map<number, number>();
  for (const r of requested) units.set(r.orderItemId, (units.get(r.orderItemId) ?? 0) + r.quantity);
  return ledger.every((l) => l.movedQuantity + (units.get(l.orderItemId) ?? 0) === l.quantity);
}

/**
 * Prices a request. `shippingRefundable`: the order has not shipped and carries a shipping fee that no
 * request whose money moved took. The fee is included when this request, approved now, would leave nothing to
 * ship; approval decides it again (AfterSaleRefunds.decideShipping), as other requests may have moved meanwhile.
 * Throws RangeError for quantities beyond what is left (callers check first).
 */
export function quote(
  ledger: readonly ItemLedger[],
  requested: readonly RequestedUnits[],
  shippingFee: number,
  shippingRefundable: boolean,
): Quote {
  const byId = new Map(ledger.map((l) => [l.orderItemId, l]));
  const items = requested.map((r) => {
    const l = byId.get(r.orderItemId);
    if (!l) throw new RangeError(`unknown order item ${r.orderItemId}`);
    if (r.quantity < 1 || l.committedQuantity + r.quantity > l.quantity)
      throw new RangeError(`quantity ${r.quantity} of item ${r.orderItemId} is not refundable`);
    return {
      orderItemId: r.orderItemId,
      quantity: r.quantity,
      amount: share(l, l.committedQuantity + r.quantity) - share(l, l.committedQuantity),
    };
  });
  const itemsAmount = items.reduce((a, i) => a + i.amount, 0);
  const shippingAmount = shippingRefundable && leavesNothingToShip(ledger, requested) ? shippingFee : 0;
  return { items, itemsAmount, shippingAmount, total: itemsAmount + shippingAmount };
}
