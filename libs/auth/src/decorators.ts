import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AddRouteConfig, ApiErrorGroup, CommonErrors } from '@app/common';
import type { AppConfig } from '@app/config';
import { AuthErrors } from './auth.errors';
import type { Access, AdminIdentity, ShopperIdentity } from './identity';
import type { AdminRole } from './roles';

export const ACCESS_KEY = 'wxmall:access';

/** What a caller without a valid identity gets (the identity resolver and the access guard). */
const IDENTITY_ERRORS = [
  AuthErrors.loginRequired,
  AuthErrors.tokenInvalid,
  AuthErrors.tokenExpired,
  AuthErrors.gatewayAppIdMismatch,
  AuthErrors.userDisabled,
];

/** No identity needed (catalog browsing, health, payment notifications verified by signature). */
export const Public = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access), ApiErrorGroup('access'));

/** A shopper: token from /auth/wx-login or trusted gateway headers. */
export const ShopperAuth = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'user' } satisfies Access), ApiBearerAuth(), ApiErrorGroup('access', ...IDENTITY_ERRORS));

/** An admin with at least `role` (owner > operator > viewer). */
export const AdminAuth = (role: AdminRole): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'admin', role } satisfies Access),
    ApiBearerAuth(),
    ApiErrorGroup('access', ...IDENTITY_ERRORS, AuthErrors.adminRequired, AuthErrors.roleTooLow),
  );

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
  applyDecorators(AddRouteConfig({ [RATE_LIMIT_POLICY]: policy }), ApiErrorGroup('rateLimit', CommonErrors.rateLimited));
