import type { EntityManager } from 'typeorm';
import { dbDateTime, execute, insertRows } from '@app/database';
import type { WebhookEventType, WebhookResource } from './webhook-event-types';
import { INSERT_DELIVERIES, INSERT_EVENT } from './webhooks.sql';

export interface WebhookEventPayload {
  /** The event's public id: receivers dedupe by it. */
  id: string;
  type: WebhookEventType;
  resource: WebhookResource;
  occurredAt: string;
  data: object;
}

/**
 * The job type that carried an event out of its change's transaction before events were written there directly:
 * still run, so such jobs left by the version before an upgrade go out (see the dispatcher).
 */
export const LEGACY_EVENT_JOB = 'webhooks.event';

declare module '@app/jobs' {
  interface JobPayloads {
    'webhooks.event': WebhookEventPayload;
  }
}

export interface WebhookEventRow {
  uid: string;
  type: WebhookEventType;
  resource: WebhookResource;
  data: object;
  occurredAt: Date;
}

/**
 * Writes an event and its deliveries, one per endpoint in `endpoints`, due at once. In the change's transaction, the
 * event's auto-increment id is taken while the transaction holds the resource's row lock, so a later event of the
 * resource always has a larger id: the deliveries carry it as their `seq`, which orders a resource's deliveries.
 */
export async function writeEvent(m: EntityManager, e: WebhookEventRow, endpoints: readonly number[], now: Date): Promise<void> {
  const at = dbDateTime(m, now);
  const eventId = await insertRows(m, INSERT_EVENT, [e.uid, e.type, e.resource, JSON.stringify(e.data), dbDateTime(m, e.occurredAt)]);
  const params: unknown[] = [];
  for (const endpointId of endpoints) params.push(eventId, endpointId, e.resource, eventId, at, at, at, at);
  await execute(m, INSERT_DELIVERIES(endpoints.length), params);
}
