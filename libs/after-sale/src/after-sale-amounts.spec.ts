import { leavesNothingToShip, quote, refundableOf, share, type ItemLedger } from './after-sale-amounts';

describe('after-sale amounts', () => {
  const item = (
    orderItemId: number,
    quantity: number,
    lineTotal: number,
    committedQuantity = 0,
    movedQuantity = committedQuantity,
  ): ItemLedger => ({
    orderItemId,
    quantity,
    lineTotal,
    committedQuantity,
    movedQuantity,
  });

  it('shares a line total by units so the parts always sum to it', () => {
    const l = item(1, 3, 1000);
    expect([share(l, 0), share(l, 1), share(l, 2), share(l, 3)]).toEqual([0, 333, 666, 1000]);
    for (const n of [1, 2, 3, 7, 10]) {
      for (const total of [1, 99, 1000, 12345]) {
        const line = item(1, n, total);
        let sum = 0;
        for (let k = 0; k < n; k++) sum += share(line, k + 1) - share(line, k);
        expect(sum).toBe(total);
      }
    }
  });

  it('prices requests unit by unit, with the remainder on the last unit', () => {
    const first = quote([item(1, 3, 1000)], [{ orderItemId: 1, quantity: 1 }], 800, false);
    expect(first).toEqual({ items: [{ orderItemId: 1, quantity: 1, amount: 333 }], itemsAmount: 333, shippingAmount: 0, total: 333 });
    const rest = quote([item(1, 3, 1000, 1)], [{ orderItemId: 1, quantity: 2 }], 800, false);
    expect(rest.total).toBe(667);
    expect(refundableOf(item(1, 3, 1000, 1))).toEqual({ quantity: 2, amount: 667 });
  });

  it('includes shipping only when the request completes the refund of an unshipped order', () => {
    const ledger = [item(1, 2, 2000), item(2, 1, 500)];
    expect(quote(ledger, [{ orderItemId: 1, quantity: 2 }], 800, true).shippingAmount).toBe(0);
    expect(
      quote(
        ledger,
        [
          { orderItemId: 1, quantity: 2 },
          { orderItemId: 2, quantity: 1 },
        ],
        800,
        true,
      ),
    ).toMatchObject({ shippingAmount: 800, total: 3300 });
    expect(quote([item(1, 2, 2000, 2), item(2, 1, 500)], [{ orderItemId: 2, quantity: 1 }], 800, true)).toMatchObject({
      shippingAmount: 800,
      total: 1300,
    });
    expect(
      quote(
        ledger,
        [
          { orderItemId: 1, quantity: 2 },
          { orderItemId: 2, quantity: 1 },
        ],
        800,
        false,
      ).shippingAmount,
    ).toBe(0); // shipped
  });

  it('leaves the fee out while other units sit in requests that may still be cancelled', () => {
    // Item 1 is in an open request (committed, money not moved): refunding item 2 may still leave item 1 to ship.
    const ledger = [item(1, 2, 2000, 2, 0), item(2, 1, 500)];
    expect(leavesNothingToShip(ledger, [{ orderItemId: 2, quantity: 1 }])).toBe(false);
    expect(quote(ledger, [{ orderItemId: 2, quantity: 1 }], 800, true)).toMatchObject({ shippingAmount: 0, total: 500 });
    // Once item 1's money moves, the same request is the one that leaves nothing to ship.
    const moved = [item(1, 2, 2000, 2, 2), item(2, 1, 500)];
    expect(leavesNothingToShip(moved, [{ orderItemId: 2, quantity: 1 }])).toBe(true);
    expect(quote(moved, [{ orderItemId: 2, quantity: 1 }], 800, true)).toMatchObject({ shippingAmount: 800, total: 1300 });
  });

  it('refuses more units than are left', () => {
    expect(() => quote([item(1, 2, 2000, 1)], [{ orderItemId: 1, quantity: 2 }], 0, false)).toThrow(RangeError);
    expect(() => quote([item(1, 2, 2000)], [{ orderItemId: 9, quantity: 1 }], 0, false)).toThrow(RangeError);
  });
});
