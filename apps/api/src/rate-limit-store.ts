/* eslint-disable @typescript-eslint/no-require-imports -- the plugin's own stores are not in its typings */
import type { RateLimitOptions } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Result = { current: number; ttl: number };
type Callback = (err: Error | null, result?: Result) => void;
interface Store {
  incr(key: string, cb: Callback, timeWindow: number, max: number): void;
  child(routeOptions: RateLimitOptions & { routeInfo: { method: string; url: string } }): Store;
}
type StoreOptions = Pick<RateLimitOptions, 'continueExceeding' | 'exponentialBackoff'>;

const LocalStore = require('@fastify/rate-limit/store/LocalStore') as new (
  continueExceeding?: boolean,
  exponentialBackoff?: boolean,
) => Store;
const RedisStore = require('@fastify/rate-limit/store/RedisStore') as new (
  continueExceeding: boolean | undefined,
  exponentialBackoff: boolean | undefined,
  redis: Redis,
  key: string,
) => Store;

/** After a Redis command fails, count locally for this long before trying Redis again. */
const PAUSE_AFTER_ERROR_MS = 5000;

/**
 * The plugin's Redis store (counts shared by every instance) with its in-memory store behind it: while
 * Redis is not connected, or for a few seconds after a command failed or timed out, requests are
 * counted per instance. A Redis outage thus weakens the limits to per-instance ones, never to errors
 * (the plugin's `skipOnError` would drop them altogether).
 */
export function resilientRedisStore(redis: Redis, keyPrefix: string, onError: (err: Error) => void) {
  let pausedUntil = 0;
  const usable = (): boolean => redis.status === 'ready' && Date.now() >= pausedUntil;

  return class ResilientStore implements Store {
    private readonly local: Store;
    private readonly shared: Store;

    constructor(opts: StoreOptions, local?: Store, shared?: Store) {
      this.local = local ?? new LocalStore(opts.continueExceeding, opts.exponentialBackoff);
      this.shared = shared ?? new RedisStore(opts.continueExceeding, opts.exponentialBackoff, redis, keyPrefix);
    }

    incr(key: string, cb: Callback, timeWindow: number, max: number): void {
      if (!usable()) return this.local.incr(key, cb, timeWindow, max);
      this.shared.incr(
        key,
        (err, result) => {
          if (!err) return cb(null, result);
          pausedUntil = Date.now() + PAUSE_AFTER_ERROR_MS;
          onError(err);
          this.local.incr(key, cb, timeWindow, max);
        },
        timeWindow,
        max,
      );
    }

    child(routeOptions: Parameters<Store['child']>[0]): Store {
      return new ResilientStore(routeOptions, this.local.child(routeOptions), this.shared.child(routeOptions));
    }
  };
}
