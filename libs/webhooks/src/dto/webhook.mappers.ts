import type { WebhookDelivery } from '../webhook-delivery.entity';
import type { WebhookEndpoint } from '../webhook-endpoint.entity';
import type { WebhookEvent } from '../webhook-event.entity';
import type { WebhookDeliveryView, WebhookEndpointView } from './webhook-endpoint.dto';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Never the secret (see WebhookEndpointWithSecret). */
export function toEndpointView(e: WebhookEndpoint): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.eventTypes,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    consecutiveFailures: e.consecutiveFailures,
    previousSecretUntil: iso(e.previousSecretUntil),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export function toDeliveryView(d: WebhookDelivery, e: Pick<WebhookEvent, 'uid' | 'type' | 'occurredAt'>): WebhookDeliveryView {
  return {
    id: d.id,
    eventId: e.uid,
    eventType: e.type,
    resource: d.resourceKey,
    status: d.status,
    attempts: d.attempts,
    responseCode: d.responseCode,
    latencyMs: d.latencyMs,
    lastError: d.lastError,
    occurredAt: e.occurredAt.toISOString(),
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: iso(d.deliveredAt),
  };
}
