import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { select } from '@app/database';
import type { WebhookEventType } from './webhook-event-types';
import { SUBSCRIBED_TYPES } from './webhooks.sql';

/**
 * Which event types some enabled endpoint wants, as this instance last read them: the check every change makes
 * before writing an event, so a shop without subscribers pays a Set lookup and no query. Read at boot; once older
 * than WEBHOOK_SUBSCRIPTIONS_CACHE_MS it is still answered while a read outside the caller's transaction refreshes
 * it (another instance's change shows within about that bound); after a change made here it is read again at once,
 * through the caller's transaction. A generation counter keeps a read that raced a change from storing its answer.
 */
@Injectable()
export class WebhookSubscriptions implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookSubscriptions.name);
  private types: ReadonlySet<WebhookEventType> | null = null;
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
    const types = this.types ?? (await this.read(m));
    if (this.clock.now().getTime() - this.readAt >= this.config.webhooks.subscriptionsCacheMs) this.refresh();
    return types.has(type);
  }

  invalidate(): void {
    this.generation++;
    this.types = null;
  }

  private refresh(): void {
    if (this.refreshing) return;
    this.refreshing = true;
    void this.read(this.ds.manager)
      .catch((err: unknown) => this.logger.warn({ err }, 'webhook subscriptions not refreshed'))
      .finally(() => (this.refreshing = false));
  }

  private async read(m: EntityManager): Promise<ReadonlySet<WebhookEventType>> {
    const generation = this.generation;
    const now = this.clock.now().getTime();
    const rows = await select(m, SUBSCRIBED_TYPES, []);
    const types = new Set(rows.flatMap((r) => JSON.parse(r.eventTypes) as WebhookEventType[]));
    if (generation === this.generation) {
      this.types = types;
      this.readAt = now;
    }
    return types;
  }
}
