import {
  AFTER_SALE_STATUSES,
  AFTER_SALE_TRANSITION_ACTORS,
  afterSaleActorMay,
  afterSaleStates,
  type AfterSaleStatus,
} from './after-sale-state';
import { AFTER_SALE_STEP_TARGETS } from './after-sale-transitions.service';
import { AFTER_SALE_STEPS } from './after-sale.sql';

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

describe('after-sale steps', () => {
  it('set closed_at exactly when they end in a terminal state', () => {
    for (const [step, to] of Object.entries(AFTER_SALE_STEP_TARGETS) as [keyof typeof AFTER_SALE_STEPS, AfterSaleStatus][]) {
      const closes = (AFTER_SALE_STEPS[step].columns as readonly string[]).includes('closedAt');
      expect([step, closes]).toEqual([step, afterSaleStates.isTerminal(to)]);
    }
  });
});
