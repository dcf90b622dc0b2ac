import { StateMachine } from '@app/common';
import type { PaymentActor } from './payment-state';
import type { RefundStatus } from './refund.entity';

const PROVIDER: readonly PaymentActor[] = ['wechat', 'system'];

/**
 * Refunds at WeChat Pay: PROCESSING until the money lands (SUCCESS) or fails (CLOSED), or needs a
 * person (ABNORMAL: the buyer's card is gone; "not a final state" per WeChat Pay). A failed refund is
 * retried with the SAME out_refund_no (closed/abnormal -> pending) by an operator. WeChat Pay's word moves the rest
 * (`system` when we conclude it ourselves: a refusal retrying cannot fix).
 */
export const refundStates = new StateMachine<RefundStatus, PaymentActor>(
  'refund',
  {
    pending: ['processing', 'succeeded', 'abnormal', 'closed'],
    processing: ['succeeded', 'abnormal', 'closed'],
    abnormal: ['succeeded', 'closed', 'pending'],
    closed: ['pending'],
    succeeded: [],
  },
  {
    'pending->processing': PROVIDER,
    'pending->succeeded': PROVIDER,
    'pending->abnormal': PROVIDER,
    'pending->closed': PROVIDER,
    'processing->succeeded': PROVIDER,
    'processing->abnormal': PROVIDER,
    'processing->closed': PROVIDER,
    'abnormal->succeeded': PROVIDER,
    'abnormal->closed': PROVIDER,
    'abnormal->pending': ['admin'],
    'closed->pending': ['admin'],
  },
);
