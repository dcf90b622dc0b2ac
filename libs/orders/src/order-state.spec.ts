import { actorMay, ORDER_STATUSES, ORDER_TRANSITION_ACTORS, orderStates } from './order-state';

describe('order state machine', () => {
  const allowed = new Set([
    'pending_payment->paid',
    'pending_payment->cancelled',
    'paid->shipped',
    'paid->closed',
    'paid->completed',
    'shipped->completed',
    'shipped->closed',
    'completed->closed',
  ]);

  it('walks every (from, to) pair: exactly the domain.md transitions are legal', () => {
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_STATUSES) {
        const key = `${from}->${to}`;
        expect([key, orderStates.can(from, to)]).toEqual([key, allowed.has(key)]);
        if (!allowed.has(key)) expect(() => orderStates.assert(from, to)).toThrow(/illegal transition/);
      }
    }
  });

  it('has terminal cancelled and closed states only', () => {
    expect(ORDER_STATUSES.filter((s) => orderStates.isTerminal(s))).toEqual(['cancelled', 'closed']);
  });

  it('names the actors of every legal transition and of nothing else', () => {
    expect(new Set(Object.keys(ORDER_TRANSITION_ACTORS))).toEqual(allowed);
    expect(actorMay('user', 'pending_payment', 'cancelled')).toBe(true);
    expect(actorMay('user', 'paid', 'shipped')).toBe(false);
    expect(actorMay('admin', 'paid', 'shipped')).toBe(true);
    expect(actorMay('user', 'pending_payment', 'paid')).toBe(false);
    expect(actorMay('admin', 'cancelled', 'paid')).toBe(false);
  });
});
