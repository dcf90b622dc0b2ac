import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrorGroup } from '@app/common';
import { AccessErrors } from './access.errors';
import { AdminWriteInterceptor, AUDITED_READ_KEY } from './admin-write.interceptor';
import type { Access, AdminIdentity, ShopperIdentity } from './identity';
import type { AdminRole } from './roles';

export const ACCESS_KEY = 'wxmall:access';

/** What a caller without a valid identity gets (the identity resolver and the access guard). */
const IDENTITY_ERRORS = [
  AccessErrors.loginRequired,
  AccessErrors.tokenInvalid,
  AccessErrors.tokenExpired,
  AccessErrors.gatewayAppIdMismatch,
  AccessErrors.userDisabled,
  AccessErrors.externalTokenInvalid,
  AccessErrors.externalTokenKeyUnknown,
  AccessErrors.externalIdentityUnavailable,
];

/** No identity needed (catalog browsing, health, payment notifications verified by signature). */
export const Public = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access), ApiErrorGroup('access'));

/**
 * A shopper: token from /auth/wx-login or trusted gateway headers. A disabled shopper may still browse and read
 * their own records (see ActiveShopper).
 */
export const ShopperAuth = (): ClassDecorator & MethodDecorator =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'user' } satisfies Access), ApiBearerAuth(), ApiErrorGroup('access', ...IDENTITY_ERRORS));

/**
 * On a route of a @ShopperAuth controller that buys or asks for money back: a disabled shopper is refused (403
 * USER_DISABLED), the account's status read from the database rather than the identity cache.
 */
export const ActiveShopper = (): MethodDecorator => SetMetadata(ACCESS_KEY, { kind: 'user', active: true } satisfies Access);

/** An admin with at least `role` (owner > operator > viewer); its writes are audited (AdminWriteInterceptor). */
export const AdminAuth = (role: AdminRole): ClassDecorator & MethodDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { kind: 'admin', role } satisfies Access),
    UseInterceptors(AdminWriteInterceptor),
    ApiBearerAuth(),
    ApiErrorGroup('access', ...IDENTITY_ERRORS, AccessErrors.adminRequired, AccessErrors.roleTooLow),
  );

/**
 * On an @AdminAuth GET route that takes the shop's data out (a CSV export, an export's file): the audit log records
 * it as it records a write (who, the filters asked for, the outcome).
 */
export const AuditedRead = (): MethodDecorator => SetMetadata(AUDITED_READ_KEY, true);

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
