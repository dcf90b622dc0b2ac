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
}

export interface RequestedUnits {
  orderItemId: number;
  quantity: number;
}

export interface Quote {
  items: { orderItemId: number; quantity: number; amount: number }[];
  itemsAmount: number;
  /** The order's shipping fee, when this request completes a refund of the whole unshipped order. */
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
 * Prices a request. `shippingRefundable`: the order has not shipped and carries a shipping fee that no
 * earlier request took. Throws RangeError for quantities beyond what is left (callers check first).
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
  const requestedQty = new Map(requested.map((r) => [r.orderItemId, r.quantity]));
  const completesOrder = ledger.every((l) => l.committedQuantity + (requestedQty.get(l.orderItemId) ?? 0) === l.quantity);
  const itemsAmount = items.reduce((a, i) => a + i.amount, 0);
  const shippingAmount = shippingRefundable && completesOrder ? shippingFee : 0;
  return { items, itemsAmount, shippingAmount, total: itemsAmount + shippingAmount };
}
