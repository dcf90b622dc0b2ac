import { AppException } from '@app/common';
import { OrderLifecycle, type OrderTransitionEvent } from './order-lifecycle';

describe('OrderLifecycle guards', () => {
  const event = (to: OrderTransitionEvent['to']): OrderTransitionEvent => ({
    orderId: 1,
    orderNo: 'N1',
    userId: 2,
    from: 'paid',
    to,
    actor: 'admin',
    actorId: 3,
    note: '',
  });
  const m = {} as never;

  it("asks only the guards of the transition's target, and answers the first veto", async () => {
    const lifecycle = new OrderLifecycle();
    const asked: string[] = [];
    lifecycle.registerTransitionGuard('shipped', async () => {
      asked.push('first');
      return null;
    });
    lifecycle.registerTransitionGuard('shipped', async () => {
      asked.push('second');
      return new AppException(409, 'NOT_NOW', 'not now', { why: 1 });
    });
    lifecycle.registerTransitionGuard('shipped', async () => {
      asked.push('third');
      return new AppException(409, 'NEVER', 'never');
    });
    lifecycle.registerTransitionGuard('closed', async () => new AppException(409, 'CLOSED', 'closed'));
    expect(await lifecycle.veto(m, event('shipped'))).toMatchObject({ code: 'NOT_NOW', message: 'not now', details: { why: 1 } });
    expect(asked).toEqual(['first', 'second']);
    expect(await lifecycle.veto(m, event('completed'))).toBeNull();
  });
});
