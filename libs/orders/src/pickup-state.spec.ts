import { PICKUP_STATUSES, PICKUP_TRANSITION_ACTORS, pickupStates } from './pickup-state';

describe('pick-up state machine', () => {
  const allowed = new Set(['preparing->ready', 'ready->picked_up']);

  it('walks every (from, to) pair: only preparing -> ready -> picked_up, by admins', () => {
    for (const from of PICKUP_STATUSES) {
      for (const to of PICKUP_STATUSES) {
        const key = `${from}->${to}`;
        expect([key, pickupStates.can(from, to)]).toEqual([key, allowed.has(key)]);
        for (const actor of ['user', 'admin', 'system', 'wechat'] as const)
          expect([key, actor, pickupStates.allows(actor, from, to)]).toEqual([key, actor, allowed.has(key) && actor === 'admin']);
      }
    }
    expect(new Set(Object.keys(PICKUP_TRANSITION_ACTORS))).toEqual(allowed);
    expect(PICKUP_STATUSES.filter((s) => pickupStates.isTerminal(s))).toEqual(['picked_up']);
  });
});
