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
import { type CacheScope, cacheScope, CatalogCache, type CatalogChangeListener } from './catalog-cache';

/**
 * With REDIS_URL, tells every instance of a catalog (or reviews) change the moment it commits, so their read caches
 * drop that scope at once instead of at their next version check (docs/decisions.md, "Reads that skip the
 * database"). `bumpCatalogVersion` marks the transaction; its commit publishes `<instance id> <scope>` on
 * `<REDIS_KEY_PREFIX>catalog-changed`, and every other instance's subscription calls `CatalogCache.forget(scope)`
 * (a message without a scope it knows: every scope). Best effort: a message lost to a Redis outage (or a publish while
 * Redis is away, which fails at once) leaves the version check as the bound; requests never wait on Redis.
 */
@Injectable()
export class CatalogChanges implements CatalogChangeListener, EntitySubscriberInterface, OnModuleInit, OnApplicationShutdown {
  readonly isCatalogChangeListener = true;
  private readonly logger = new Logger(CatalogChanges.name);
  private readonly instance = randomUUID();
  private readonly channel: string;
  private readonly pending = new WeakMap<QueryRunner, Set<CacheScope>>();
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
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [from, scope] = message.split(' ');
      if (from !== this.instance) this.cache.forget(cacheScope(scope));
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
  bumped(m: EntityManager, scope: CacheScope): void {
    if (!this.publisher) return;
    const runner = m.queryRunner;
    if (runner?.isTransactionActive) this.pending.set(runner, (this.pending.get(runner) ?? new Set<CacheScope>()).add(scope));
    else this.publish(scope);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const scopes = this.pending.get(event.queryRunner);
    this.pending.delete(event.queryRunner);
    for (const scope of scopes ?? []) this.publish(scope);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.pending.delete(event.queryRunner);
  }

  private publish(scope: CacheScope): void {
    this.publisher?.publish(this.channel, `${this.instance} ${scope}`).catch((err: unknown) => this.warn(err));
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
