import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { select } from '@app/database';
import type { WebhookEventType } from './webhook-event-types';
import { SUBSCRIBED_ENDPOINTS } from './webhooks.sql';

const NONE: readonly number[] = [];

/**
 * Which enabled endpoints want each event type, as this instance last read them: every change asks it before
 * writing an event (a shop without subscribers pays a Map lookup and no query) and writes one delivery per endpoint
 * it answers. Read at boot; once older
 * than WEBHOOK_SUBSCRIPTIONS_CACHE_MS it is still answered while a read outside the caller's transaction refreshes
 * it (another instance's change shows within about that bound); after a change made here it is read again at once,
 * through the caller's transaction. A generation counter keeps a read that raced a change from storing its answer.
 */
@Injectable()
export class WebhookSubscriptions implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSubscriptions.name);
  private endpoints: ReadonlyMap<WebhookEventType, readonly number[]> | null = null;
  private readAt = 0;
  private generation = 0;
  private refreshing = false;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.read(this.ds.manager).catch((err: unknown) => this.logger.warn({ err }, 'webhook subscriptions not read at boot'));
  }

  async wants(m: EntityManager, type: WebhookEventType): Promise<boolean> {
    return (await this.endpointsFor(m, type)).length > 0;
  }

  /** The ids of the enabled endpoints subscribed to `type` (an endpoint made or changed on another instance shows within the cache's bound). */
  async endpointsFor(m: EntityManager, type: WebhookEventType): Promise<readonly number[]> {
    const endpoints = this.endpoints ?? (await this.read(m));
    if (this.clock.now().getTime() - this.readAt >= this.config.webhooks.subscriptionsCacheMs) this.refresh();
    return endpoints.get(type) ?? NONE;
  }

  invalidate(): void {
    this.generation++;
    this.endpoints = null;
  }

  private refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    void this.read(this.ds.manager)
      .catch((err: unknown) => this.logger.warn({ err }, 'webhook subscriptions not refreshed'))
      .finally(() => (this.refreshing = false));
  }

  private async read(m: EntityManager): Promise<ReadonlyMap<WebhookEventType, readonly number[]>> {
    const generation = this.generation;
    const now = this.clock.now().getTime();
    const rows = await select(m, SUBSCRIBED_ENDPOINTS, []);
    const endpoints = new Map<WebhookEventType, number[]>();
    for (const r of rows)
      for (const type of JSON.parse(r.eventTypes) as WebhookEventType[]) {
        const ids = endpoints.get(type);
        if (ids) ids.push(Number(r.id));
        else endpoints.set(type, [Number(r.id)]);
      }
    if (generation === this.generation) {
      this.endpoints = endpoints;
      this.readAt = now;
    }
    return endpoints;
  }
}
