import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { clientAddress, IdentityResolver, RATE_LIMIT_POLICY, type RateLimitPolicy } from '@app/auth';
import { CommonErrors } from '@app/common';
import type { AppConfig } from '@app/config';
import { resilientRedisStore } from './rate-limit-store';

/**
 * Per-client request budgets on the routes marked `@RateLimit(policy)` (logins, order creation), with
 * @fastify/rate-limit: counted in memory per instance, or in Redis for every instance when REDIS_URL is
 * set (falling back to per-instance counts while Redis is unreachable). Checked in `onRequest`, before
 * the body is read, so refusing costs next to nothing. Over budget: 429 RATE_LIMITED with Retry-After.
 */
export async function registerRateLimits(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const identity = app.get(IdentityResolver, { strict: false });
  const logger = new Logger('RateLimit');

  const address = (req: FastifyRequest): string => `ip:${clientAddress(req, config.clientIpHeader)}`;
  // Through callContainer the gateway's openid names the caller far better than an address, which may
  // be shared by WeChat's own proxies.
  const caller = (req: FastifyRequest): string => {
    if (config.wechat.gatewayTrust) {
      const openid = req.headers['x-wx-openid'] ?? req.headers['x-wx-from-openid'];
      if (typeof openid === 'string' && openid !== '') return `openid:${openid.slice(0, 64)}`;
    }
    return address(req);
  };
  const keys: Record<RateLimitPolicy, (req: FastifyRequest) => string> = {
    login: caller,
    adminLogin: caller,
    orders: (req) => identity.shopperKey(req) ?? address(req),
  };

  // Runs before the plugin's own onRoute hook (added first): turns a route's policy into the plugin's options.
  fastify.addHook('onRoute', (route) => {
    const policy = (route.config as Record<string, unknown> | undefined)?.[RATE_LIMIT_POLICY] as RateLimitPolicy | undefined;
    const limit = policy && config.rateLimits[policy];
    if (!policy || !limit) return;
    route.config = { ...route.config, rateLimit: { max: limit.max, timeWindow: limit.windowMs, keyGenerator: keys[policy] } };
  });

  const options: RateLimitPluginOptions = {
    global: false,
    errorResponseBuilder: (_req, ctx) => {
      const retryAfterSeconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return CommonErrors.rateLimited(`Too many requests: retry in ${retryAfterSeconds} s`, { retryAfterSeconds });
    },
  };
  if (config.redis) {
    const redis = await connectRedis(config.redis.url, logger);
    let reported = false;
    redis.on('ready', () => (reported = false));
    const store = resilientRedisStore(redis, `${config.redis.keyPrefix}rate-limit:`, (err) => {
      if (reported) return;
      reported = true;
      logger.warn({ error: err.message }, 'Redis command failed: rate limits are counted per instance for now');
    });
    // The typings say child() gets route options; the plugin passes the merged limit options (as our store expects).
    options.store = store as unknown as RateLimitPluginOptions['store'];
    fastify.addHook('onClose', (_instance, done) => {
      redis.disconnect();
      done();
    });
  }
  await app.register(rateLimit, options);
}

/**
 * A client that fails fast while Redis is away (no offline queue, short command timeout) and keeps
 * reconnecting. Start-up waits for the first connection attempt (at most its 2 s timeout), so an
 * instance starts with shared counts when Redis is there; a refused connection answers at once.
 */
async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    connectTimeout: 2000,
    // After a refused connection, disconnect() keeps a timer this long for a socket that is already gone.
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
  });
  let down = false;
  redis.on('error', (err: Error) => {
    if (down) return;
    down = true;
    logger.warn({ error: err.message }, 'Redis unreachable: rate limits are counted per instance until it is back');
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis reachable again: rate limits are shared by every instance');
    down = false;
  });
  await new Promise<void>((resolve) => {
    const settle = (): void => {
      redis.off('ready', settle).off('error', settle);
      resolve();
    };
    redis.once('ready', settle).once('error', settle);
  });
  return redis;
}
