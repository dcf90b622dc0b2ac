import { StateMachine } from '@app/common';
import type { RefundStatus } from './refund.entity';

/**
 * Refunds at WeChat Pay: PROCESSING until the money lands (SUCCESS) or fails (CLOSED), or needs a
 * person (ABNORMAL: the buyer's card is gone; "not a final state" per WeChat Pay). A failed refund is
 * retried with the SAME out_refund_no (closed/abnormal -> pending).
 */
export const refundStates = new StateMachine<RefundStatus>('refund', {
  pending: ['processing', 'succeeded', 'abnormal', 'closed'],
  processing: ['succeeded', 'abnormal', 'closed'],
  abnormal: ['succeeded', 'closed', 'pending'],
  closed: ['pending'],
  succeeded: [],
});
