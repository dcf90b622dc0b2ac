import { AFTER_SALE_STATUSES, AFTER_SALE_TRANSITION_ACTORS, afterSaleActorMay, afterSaleStates } from './after-sale-state';

describe('after-sale state machine', () => {
  const legal = new Set([
    'requested->refunding',
    'requested->awaiting_return',
    'requested->rejected',
    'requested->cancelled',
    'awaiting_return->returning',
    'awaiting_return->cancelled',
    'returning->refunding',
    'returning->rejected',
    'refunding->refunded',
    'refunding->refund_failed',
    'refund_failed->refunding',
  ]);

  it('walks every (from, to) pair: exactly the domain.md transitions are legal', () => {
    for (const from of AFTER_SALE_STATUSES) {
      for (const to of AFTER_SALE_STATUSES) {
        const key = `${from}->${to}`;
        expect([key, afterSaleStates.can(from, to)]).toEqual([key, legal.has(key)]);
      }
    }
    expect(AFTER_SALE_STATUSES.filter((s) => afterSaleStates.isTerminal(s)).sort()).toEqual(['cancelled', 'refunded', 'rejected']);
  });

  it('names the actors of every legal transition and nothing else', () => {
    expect(new Set(Object.keys(AFTER_SALE_TRANSITION_ACTORS))).toEqual(legal);
    expect(afterSaleActorMay('user', 'requested', 'cancelled')).toBe(true);
    expect(afterSaleActorMay('user', 'refunding', 'cancelled')).toBe(false); // no cancelling once the money moves
    expect(afterSaleActorMay('user', 'requested', 'refunding')).toBe(false);
    expect(afterSaleActorMay('admin', 'returning', 'refunding')).toBe(true);
    expect(afterSaleActorMay('system', 'refunding', 'refunded')).toBe(true);
  });
});
