import { StateMachine } from '@app/common';
import type { PaymentStatus } from './payment.entity';

/** Who moves payments and refunds: WeChat Pay's word (notification, answer, query), our own rules, an operator. */
export type PaymentActor = 'wechat' | 'system' | 'admin';

/**
 * A payment: pending until WeChat Pay reports the money (succeeded) or the order is closed there (closed). Money
 * that arrives after all (the close found it paid, or a late notification) still moves closed -> succeeded: it is
 * recorded, and the order's rules refund it.
 */
export const paymentStates = new StateMachine<PaymentStatus, PaymentActor>(
  'payment',
  {
    pending: ['succeeded', 'closed'],
    closed: ['succeeded'],
    succeeded: [],
  },
  {
    'pending->succeeded': ['wechat', 'system'],
    'pending->closed': ['system'],
    'closed->succeeded': ['wechat', 'system'],
  },
);
