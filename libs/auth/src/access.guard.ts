import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { RequestContext } from '@app/common';
import { AuthErrors } from './auth.errors';
import { ACCESS_KEY } from './decorators';
import type { Access } from '@app/access';
import { IdentityResolver } from './identity.resolver';
import { UsersService } from './users.service';
import { roleAllows } from '@app/access';

/**
 * Global guard. Every route must declare its access (@Public, @ShopperAuth, @AdminAuth(role)); a route
 * without a declaration is refused, so forgetting one fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: IdentityResolver,
    private readonly users: UsersService,
  ) {}

  // Public routes are answered synchronously: no promise for Nest to await on every catalog read.
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [ctx.getHandler(), ctx.getClass()]);
    if (!access) throw new Error(`Route ${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
    if (access.kind === 'public') return true;
    return this.authorize(ctx, access);
  }

  private async authorize(ctx: ExecutionContext, access: Exclude<Access, { kind: 'public' }>): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    let identity = await this.resolver.resolve(req);
    if (identity.kind === 'anonymous') throw AuthErrors.loginRequired();

    if (access.kind === 'user') {
      if (identity.kind !== 'user') throw AuthErrors.loginRequired();
      if (access.active) await this.users.assertActiveNow(identity.userId);
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
