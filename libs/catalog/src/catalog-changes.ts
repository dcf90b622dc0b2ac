import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { errorText } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { CatalogCache, type CatalogChangeListener } from './catalog-cache';

/**
 * With REDIS_URL, tells every instance of a catalog change the moment it commits, so their read caches empty at once
 * instead of at their next version check (docs/decisions.md, "Reads that skip the database"). `bumpCatalogVersion`
 * marks the transaction; its commit publishes `<REDIS_KEY_PREFIX>catalog-changed`, and every other instance's
 * subscription calls `CatalogCache.forget()`. Best effort: a message lost to a Redis outage (or a publish while
 * Redis is away, which fails at once) leaves the version check as the bound; requests never wait on Redis.
 */
@Injectable()
export class CatalogChanges implements CatalogChangeListener, EntitySubscriberInterface, OnModuleInit, OnApplicationShutdown {
  readonly isCatalogChangeListener = true;
  private readonly logger = new Logger(CatalogChanges.name);
  private readonly instance = randomUUID();
  private readonly channel: string;
  private readonly pending = new WeakSet<QueryRunner>();
  private publisher?: Redis;
  private subscriber?: Redis;
  private down = false;

  constructor(
    private readonly ds: DataSource,
    private readonly cache: CatalogCache,
    @InjectConfig() private readonly config: AppConfig,
  ) {
    this.channel = `${config.redis?.keyPrefix ?? ''}catalog-changed`;
  }

  async onModuleInit(): Promise<void> {
    this.ds.subscribers.push(this);
    const redis = this.config.redis;
    if (!redis || this.config.catalogCache.maxBytes === 0) return;
    // Publishes fail at once while Redis is away (no offline queue); the subscription is (re)made on every connect.
    this.publisher = this.connect(redis.url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 500 });
    this.subscriber = this.connect(redis.url, {});
    this.subscriber.on('message', (_channel: string, from: string) => {
      if (from !== this.instance) this.cache.forget();
    });
    // Messages sent while this instance was not subscribed are lost: check the version on the next read.
    this.subscriber.on('ready', () => this.cache.forget());
    // Start with the subscription in place when Redis is there (a refused connection answers at once; 2 s at most).
    await Promise.race([this.subscriber.subscribe(this.channel).catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  onApplicationShutdown(): void {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }

  /** Called by `bumpCatalogVersion`: publish after the commit of its transaction, or now outside one. */
  bumped(m: EntityManager): void {
    if (!this.publisher) return;
    if (m.queryRunner?.isTransactionActive) this.pending.add(m.queryRunner);
    else this.publish();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.pending.delete(event.queryRunner)) this.publish();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }

  private publish(): void {
    this.publisher?.publish(this.channel, this.instance).catch((err: unknown) => this.warn(err));
  }

  private connect(url: string, options: RedisOptions): Redis {
    const redis = new Redis(url, {
      ...options,
      connectTimeout: 2000,
      disconnectTimeout: 200,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    redis.on('error', (err: unknown) => this.warn(err));
    redis.on('ready', () => {
      if (this.down) this.logger.log('Redis reachable again: catalog changes reach other instances at once');
      this.down = false;
    });
    return redis;
  }

  private warn(err: unknown): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn({ error: errorText(err) }, 'Redis unreachable: other instances see catalog changes at their version check');
  }
}
