import { refundStates } from './refund-state';

describe('refund state machine', () => {
  it('walks every pair', () => {
    const legal = new Set([
      'pending->processing',
      'pending->succeeded',
      'pending->abnormal',
      'pending->closed',
      'processing->succeeded',
      'processing->abnormal',
      'processing->closed',
      'abnormal->succeeded',
      'abnormal->closed',
      'abnormal->pending',
      'closed->pending',
    ]);
    for (const from of refundStates.states)
      for (const to of refundStates.states)
        expect([`${from}->${to}`, refundStates.can(from, to)]).toEqual([`${from}->${to}`, legal.has(`${from}->${to}`)]);
    expect(refundStates.isTerminal('succeeded')).toBe(true);
  });
});
