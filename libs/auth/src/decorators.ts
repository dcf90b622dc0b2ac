import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
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
