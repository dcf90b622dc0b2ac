import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { JobsService } from '@app/jobs';
import type { WebhookEventType, WebhookResource } from './webhook-event-types';
import { WebhookSubscriptions } from './webhook-subscriptions';

/** The job that carries an event out of the change's transaction (its id orders the events of one resource). */
export const WEBHOOK_EVENT_JOB = 'webhooks.event';

export interface WebhookEventPayload {
  /** The event's public id: receivers dedupe by it. */
  id: string;
  type: WebhookEventType;
  resource: WebhookResource;
  occurredAt: string;
  data: object;
}

declare module '@app/jobs' {
  interface JobPayloads {
    'webhooks.event': WebhookEventPayload;
  }
}

/** The job's dedupe key, by resource first: the dispatcher finds a resource's events still in the job table by prefix. */
export function eventJobKey(resource: string, id?: string): string {
  return `webhook:${resource}:${id ?? ''}`;
}

/**
 * Records an event in the caller's transaction: it exists if and only if the change commits. When no enabled
 * endpoint wants the type, nothing is written and the document is never built.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly jobs: JobsService,
    private readonly clock: Clock,
  ) {}

  /** Whether an enabled endpoint wants `type` (as of the subscriptions cache): lets a caller skip a transaction it needs only for the event. */
  wants(m: EntityManager, type: WebhookEventType): Promise<boolean> {
    return this.subscriptions.wants(m, type);
  }

  async emit(m: EntityManager, type: WebhookEventType, resource: WebhookResource, document: () => Promise<object>): Promise<void> {
    if (!(await this.subscriptions.wants(m, type))) return;
    const id = randomUUID();
    const payload = { id, type, resource, occurredAt: this.clock.now().toISOString(), data: await document() };
    await this.jobs.enqueue(m, WEBHOOK_EVENT_JOB, payload, { dedupeKey: eventJobKey(resource, id) });
  }
}
