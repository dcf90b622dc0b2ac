import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import type { WebhookEventType } from './webhook-event-types';

/**
 * Which event types some enabled endpoint wants, as this instance last read them: the check every change makes
 * before writing an event, so a shop without subscribers pays nothing but a Set lookup. Read again at most every
 * WEBHOOK_SUBSCRIPTIONS_CACHE_MS (another instance's change is seen within that), and at once after a change made
 * here. A generation counter keeps a read that raced a change from storing its stale answer.
 */
@Injectable()
export class WebhookSubscriptions {
  private types: ReadonlySet<WebhookEventType> | null = null;
  private readAt = 0;
  private generation = 0;

  constructor(
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Reads through `m` when stale (the caller's transaction: no second pool connection while it holds one). */
  async wants(m: EntityManager, type: WebhookEventType): Promise<boolean> {
    const now = this.clock.now().getTime();
    if (this.types && now - this.readAt < this.config.webhooks.subscriptionsCacheMs) return this.types.has(type);
    const generation = this.generation;
    const rows = await m.find(WebhookEndpoint, { select: { id: true, eventTypes: true }, where: { enabled: true } });
    const types = new Set(rows.flatMap((r) => r.eventTypes));
    if (generation === this.generation) {
      this.types = types;
      this.readAt = now;
    }
    return types.has(type);
  }

  invalidate(): void {
    this.generation++;
    this.types = null;
  }
}
