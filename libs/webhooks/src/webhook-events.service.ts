import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { writeEvent } from './webhook-event-rows';
import type { WebhookEventType, WebhookResource } from './webhook-event-types';
import { WebhookSubscriptions } from './webhook-subscriptions';

/**
 * Records an event in the caller's transaction, with one delivery per endpoint that wants it: both exist if and only
 * if the change commits, and the dispatcher sends them after commit. When no enabled endpoint wants the type,
 * nothing is written and the document is never built.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly dispatcher: WebhookDispatcher,
    private readonly clock: Clock,
  ) {}

  /** Whether an enabled endpoint wants `type` (as of the subscriptions cache): lets a caller skip a transaction it needs only for the event. */
  wants(m: EntityManager, type: WebhookEventType): Promise<boolean> {
    return this.subscriptions.wants(m, type);
  }

  async emit(m: EntityManager, type: WebhookEventType, resource: WebhookResource, document: () => Promise<object>): Promise<void> {
    const endpoints = await this.subscriptions.endpointsFor(m, type);
    if (endpoints.length === 0) return;
    const now = this.clock.now();
    await writeEvent(m, { uid: randomUUID(), type, resource, data: await document(), occurredAt: now }, endpoints, now);
    this.dispatcher.afterCommit(m);
  }
}
