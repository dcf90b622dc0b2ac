export { WebhooksModule } from './webhooks.module';
export { WebhookEvents } from './webhook-events.service';
export type { WebhookEventType, WebhookResource } from './webhook-event-types';
