import { paymentStates } from './payment-state';
import { refundStates } from './refund-state';

describe('payment state machine', () => {
  it('walks every pair: pending pays or closes, money arriving after a close is still recorded', () => {
    const legal = new Set(['pending->succeeded', 'pending->closed', 'closed->succeeded']);
    for (const from of paymentStates.states)
      for (const to of paymentStates.states)
        expect([`${from}->${to}`, paymentStates.can(from, to)]).toEqual([`${from}->${to}`, legal.has(`${from}->${to}`)]);
    expect(paymentStates.states.filter((s) => paymentStates.isTerminal(s))).toEqual(['succeeded']);
  });

  it('lets WeChat Pay or our reconciliation record money, and only our rules close', () => {
    expect(paymentStates.actorsOf('pending', 'succeeded')).toEqual(['wechat', 'system']);
    expect(paymentStates.actorsOf('pending', 'closed')).toEqual(['system']);
    expect(paymentStates.allows('admin', 'pending', 'succeeded')).toBe(false);
    expect(() => paymentStates.assertAllowed('wechat', 'succeeded', 'closed', '7')).toThrow(
      'payment 7: wechat may not move succeeded -> closed',
    );
  });
});

describe('refund actors', () => {
  it('lets only an operator send a failed refund again, and only WeChat Pay (or our reading of its refusal) settle one', () => {
    for (const from of refundStates.states)
      for (const to of refundStates.states) {
        if (!refundStates.can(from, to)) expect(refundStates.actorsOf(from, to)).toEqual([]);
        else if (to === 'pending') expect(refundStates.actorsOf(from, to)).toEqual(['admin']);
        else expect(refundStates.actorsOf(from, to)).toEqual(['wechat', 'system']);
      }
  });
});
