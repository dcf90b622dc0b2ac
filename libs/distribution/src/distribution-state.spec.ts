import { promoterStates, withdrawalStates, WITHDRAWAL_STATUSES, PROMOTER_STATUSES, MONEY_RETURNED } from './distribution-state';

describe('distribution state machines', () => {
  it('walks every withdrawal pair: only the table moves, and money comes back only into a returning state', () => {
    const allowed: string[] = [];
    for (const from of WITHDRAWAL_STATUSES)
      for (const to of WITHDRAWAL_STATUSES) if (withdrawalStates.can(from, to)) allowed.push(`${from}->${to}`);
    expect(allowed.sort()).toEqual(
      [
        'applied->approved',
        'applied->rejected',
        'approved->transferring',
        'approved->failed',
        'approved->succeeded',
        'transferring->succeeded',
        'transferring->failed',
        'transferring->cancelled',
        'failed->approved',
      ].sort(),
    );
    for (const s of ['succeeded', 'rejected', 'cancelled'] as const) expect(withdrawalStates.isTerminal(s)).toBe(true);
    // A returning state is left only by an operator's retry, which takes the money again.
    for (const s of MONEY_RETURNED)
      for (const to of withdrawalStates.targets(s)) expect(withdrawalStates.allows('admin', s, to)).toBe(true);
  });

  it('walks every promoter pair', () => {
    const allowed: string[] = [];
    for (const from of PROMOTER_STATUSES)
      for (const to of PROMOTER_STATUSES) if (promoterStates.can(from, to)) allowed.push(`${from}->${to}`);
    expect(allowed.sort()).toEqual(['active->disabled', 'applied->active', 'applied->rejected', 'disabled->active', 'rejected->applied']);
    expect(promoterStates.allows('user', 'applied', 'active')).toBe(false);
  });
});
