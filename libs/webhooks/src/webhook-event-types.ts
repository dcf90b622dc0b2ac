/**
 * Every event type an endpoint may subscribe to: `<resource>.<what happened>`. The resource's document is the one the
 * API serves for it (the owning module's response mapper), taken inside the transaction of the change.
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.shipped',
  'order.completed',
  'order.cancelled',
  'order.closed',
  'refund.succeeded',
  'refund.failed',
  'after_sale.changed',
  'shopper.created',
  'review.published',
  'commission.settled',
  'withdrawal.paid',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The resource an event is about (`order:42`): deliveries of one resource go out one at a time, in event order. */
export type WebhookResource = `${string}:${number | string}`;
