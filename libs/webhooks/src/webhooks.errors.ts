import { CommonErrors, defineError } from '@app/common';

export const WebhooksErrors = {
  endpointNotFound: CommonErrors.notFound.with('Webhook endpoint'),
  deliveryNotFound: CommonErrors.notFound.with('Webhook delivery'),
  insecureUrl: defineError(400, 'WEBHOOK_URL_NOT_HTTPS', () => ({
    message: 'Webhook URLs must use https in production',
  })),
  badUrl: defineError(400, 'WEBHOOK_URL_INVALID', (why: string) => ({
    message: `The webhook URL is not usable: ${why}`,
    details: { why },
  })),
  badRange: defineError(400, 'WEBHOOK_REPLAY_RANGE_INVALID', () => ({
    message: '`from` must be before `to`',
  })),
};
