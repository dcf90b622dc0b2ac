import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '@app/common';
import { AuthErrors } from './auth.errors';
import { ACCESS_KEY } from './decorators';
import type { Access } from './identity';
import { IdentityResolver } from './identity.resolver';
import { roleAllows } from './roles';

/**
 * Global guard. Every route must declare its access (@Public, @ShopperAuth, @AdminAuth(role)); a route
 * without a declaration is refused, so forgetting one fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: IdentityResolver,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!access) throw new Error(`Route ${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
    if (access.kind === 'public') return true;

    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    let identity = await this.resolver.resolve(req);
    if (identity.kind === 'anonymous') throw AuthErrors.loginRequired();

    if (access.kind === 'user') {
      if (identity.kind !== 'user') throw AuthErrors.loginRequired();
    } else {
      if (identity.kind === 'user') identity = (await this.resolver.adminForShopper(identity)) ?? identity;
      if (identity.kind !== 'admin') throw AuthErrors.adminRequired();
      if (!roleAllows(identity.role, access.role)) throw AuthErrors.roleTooLow(access.role);
    }
    req.identity = identity;
    const store = RequestContext.current();
    if (store) {
      if (identity.kind === 'user') store.userId = identity.userId;
      else store.adminId = identity.adminId;
    }
    return true;
  }
}
