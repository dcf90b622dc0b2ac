import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { AddRouteConfig } from '@app/common';
import { ApiBearerAuth, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '@app/config';
import type { Access, AdminIdentity, ShopperIdentity } from './identity';
import type { AdminRole } from './roles';

export const ACCESS_KEY = 'wxmall:access';

/** No identity needed (catalog browsing, health, payment notifications verified by signature). */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** A shopper: token from /auth/wx-login or trusted gateway headers. */
export const ShopperAuth = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'user' } satisfies Access), ApiBearerAuth());

/** An admin with at least `role` (owner > operator > viewer). */
export const AdminAuth = (role: AdminRole): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'admin', role } satisfies Access), ApiBearerAuth());

/** The calling shopper (only on @ShopperAuth routes). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): ShopperIdentity => {
  const identity = ctx.switchToHttp().getRequest<FastifyRequest>().identity;
  if (identity?.kind !== 'user') throw new Error('CurrentUser used on a route without @ShopperAuth');
  return identity;
});

/** The calling admin (only on @AdminAuth routes). */
export const CurrentAdmin = createParamDecorator((_: unknown, ctx: ExecutionContext): AdminIdentity => {
  const identity = ctx.switchToHttp().getRequest<FastifyRequest>().identity;
  if (identity?.kind !== 'admin') throw new Error('CurrentAdmin used on a route without @AdminAuth');
  return identity;
});

export type RateLimitPolicy = keyof AppConfig['rateLimits'];
/** The Fastify route config key naming a route's rate-limit policy. */
export const RATE_LIMIT_POLICY = 'wxmallRateLimit';

/**
 * A per-client request budget (the RATE_LIMIT_* keys): over it, 429 RATE_LIMITED with Retry-After.
 * Enforced by apps/api's rate-limit registration before the body is read.
 */
export const RateLimit = (policy: RateLimitPolicy): MethodDecorator =>
  applyDecorators(
    AddRouteConfig({ [RATE_LIMIT_POLICY]: policy }),
    ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many requests from this client; retry after `Retry-After` seconds' }),
  );
