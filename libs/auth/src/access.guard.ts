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

  /** Each route's rule, read from its metadata once (by controller, then handler: a handler may serve two controllers). */
  private readonly rules = new WeakMap<object, WeakMap<object, Access | null>>();

  // Public routes are answered synchronously: no promise for Nest to await on every catalog read.
  canActivate(ctx: ExecutionContext): boolean | Promise<boolean> {
    const access = this.ruleOf(ctx);
    if (!access) throw new Error(`Route ${ctx.getClass().name}.${ctx.getHandler().name} declares no access rule`);
    if (access.kind === 'public') return true;
    return this.authorize(ctx, access);
  }

  private ruleOf(ctx: ExecutionContext): Access | null {
    const controller = ctx.getClass();
    const handler = ctx.getHandler();
    let byHandler = this.rules.get(controller);
    if (!byHandler) this.rules.set(controller, (byHandler = new WeakMap()));
    let access = byHandler.get(handler);
    if (access === undefined) {
      access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [handler, controller]) ?? null;
      byHandler.set(handler, access);
    }
    return access;
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
