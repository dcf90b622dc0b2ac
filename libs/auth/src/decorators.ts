import { applyDecorators } from '@nestjs/common';
import { AddRouteConfig, ApiErrorGroup, CommonErrors } from '@app/common';
import type { AppConfig } from '@app/config';

// The access decorators live in @app/access (usable by low libs); re-exported here for existing imports.
export { ACCESS_KEY, ActiveShopper, AdminAuth, AuditedRead, CurrentAdmin, CurrentUser, Public, ShopperAuth } from '@app/access';

export type RateLimitPolicy = keyof AppConfig['rateLimits'];
/** The Fastify route config key naming a route's rate-limit policy. */
export const RATE_LIMIT_POLICY = 'wxmallRateLimit';

/**
 * A per-client request budget (the RATE_LIMIT_* keys): over it, 429 RATE_LIMITED with Retry-After.
 * Enforced by apps/api's rate-limit registration before the body is read.
 */
export const RateLimit = (policy: RateLimitPolicy): MethodDecorator =>
  applyDecorators(AddRouteConfig({ [RATE_LIMIT_POLICY]: policy }), ApiErrorGroup('rateLimit', CommonErrors.rateLimited));
