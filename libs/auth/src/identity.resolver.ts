import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import type { Repository } from 'typeorm';
import { type AppConfig, InjectConfig } from '@app/config';
import { select } from '@app/database';
import { AdminUser } from './admin-user.entity';
import { AuthErrors } from './auth.errors';
import { ADMIN_SESSION } from './auth.sql';
import type { AdminIdentity, Identity, ShopperIdentity } from '@app/access';
import { ExternalTokensService } from './external-tokens.service';
import { type VerifiedToken, TokensService } from './tokens.service';
import { UsersService } from './users.service';

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() !== '' ? s.trim() : undefined;
};

function bearerToken(authorization: string): string {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!m) throw AuthErrors.malformedAuthorization();
  return m[1]!;
}

const VERIFIED = Symbol('wxmall.verifiedToken');
type WithVerified = FastifyRequest & { [VERIFIED]?: VerifiedToken };

/**
 * Who is calling (api.md): a Bearer token first (ours, or, when EXTERNAL_JWT_* are set, the existing backend's); then, only with WX_GATEWAY_TRUST=true, the
 * Cloud Hosting gateway headers; else anonymous. With trust off the x-wx-* headers are ignored.
 */
@Injectable()
export class IdentityResolver {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly tokens: TokensService,
    private readonly external: ExternalTokensService,
    private readonly users: UsersService,
    @InjectRepository(AdminUser) private readonly admins: Repository<AdminUser>,
  ) {}

  async resolve(req: FastifyRequest): Promise<Identity> {
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      if (this.external.handles(token)) {
        const user = await this.users.findOrCreateExternal(await this.external.verify(token));
        return { kind: 'user', userId: user.id, via: 'external', openid: user.openid ?? undefined };
      }
      const claims = this.bearer(req, authorization);
      const id = Number(claims.sub);
      if (claims.typ === 'admin') return this.admin(id, claims);
      const user = await this.users.assertExists(id);
      return { kind: 'user', userId: user.id, via: 'token', openid: user.openid ?? undefined };
    }
    if (this.config.wechat.gatewayTrust) {
      const direct = header(req, 'x-wx-openid');
      const openid = direct ?? header(req, 'x-wx-from-openid');
      if (openid !== undefined) {
        if (header(req, 'x-wx-source') === undefined) throw AuthErrors.gatewaySourceMissing();
        // The openid belongs to the mini program that called: x-wx-appid directly, x-wx-from-appid under
        // resource sharing (x-wx-appid is then the environment owner's). Only ours (WX_APPID) is accepted:
        // an openid is meaningless, and a user row wrong, under another appid.
        const appid = direct ? header(req, 'x-wx-appid') : header(req, 'x-wx-from-appid');
        if (appid !== this.config.wechat.appId) throw AuthErrors.gatewayAppIdMismatch(direct ? 'x-wx-appid' : 'x-wx-from-appid');
        const unionid = direct ? header(req, 'x-wx-unionid') : (header(req, 'x-wx-from-unionid') ?? header(req, 'x-wx-unionid'));
        const user = await this.users.findOrCreate(appid, openid.slice(0, 64), unionid?.slice(0, 64));
        return { kind: 'user', userId: user.id, via: 'gateway', openid };
      }
    }
    return { kind: 'anonymous' };
  }

  /**
   * The caller's key for per-shopper limits (order creation), before the guard has run: the token's
   * subject, or the gateway openid; undefined for a caller the guard will refuse anyway, and for the existing
   * backend's tokens (verifying those is asynchronous: such callers are limited by client address).
   */
  shopperKey(req: FastifyRequest): string | undefined {
    const authorization = header(req, 'authorization');
    if (authorization !== undefined) {
      try {
        if (this.external.handles(bearerToken(authorization))) return undefined;
        const claims = this.bearer(req, authorization);
        return `${claims.typ}:${claims.sub}`;
      } catch {
        return undefined;
      }
    }
    if (!this.config.wechat.gatewayTrust) return undefined;
    const openid = header(req, 'x-wx-openid') ?? header(req, 'x-wx-from-openid');
    return openid === undefined ? undefined : `openid:${openid.slice(0, 64)}`;
  }

  /** Verified once per request: the rate limit may have needed it before the guard. */
  private bearer(req: WithVerified, authorization: string): VerifiedToken {
    const known = req[VERIFIED];
    if (known) return known;
    return (req[VERIFIED] = this.tokens.verify(bearerToken(authorization)));
  }

  /** A shopper whose openid is bound to an active admin account acts with that account's role. */
  async adminForShopper(shopper: ShopperIdentity): Promise<AdminIdentity | undefined> {
    if (!shopper.openid) return undefined;
    const admin = await this.admins.findOne({
      where: { boundOpenid: shopper.openid },
      select: { id: true, username: true, role: true, status: true, storeId: true },
    });
    if (!admin || admin.status !== 'active') return undefined;
    return {
      kind: 'admin',
      adminId: admin.id,
      username: admin.username,
      role: admin.role,
      storeId: admin.storeId === null ? null : Number(admin.storeId),
      viaUserId: shopper.userId,
    };
  }

  private async admin(adminId: number, claims: VerifiedToken): Promise<AdminIdentity> {
    // Role and status come from the row, not the token: demotions and disables apply at once. The revocation
    // (logout) is looked up in the same round trip.
    const [admin] = await select(this.admins.manager, ADMIN_SESSION, [claims.jti, adminId]);
    if (!admin || admin.status !== 'active' || admin.tokenVersion !== (claims.ver ?? 0) || admin.revoked !== null) {
      throw AuthErrors.tokenInvalid();
    }
    return {
      kind: 'admin',
      adminId: admin.id,
      username: admin.username,
      role: admin.role,
      storeId: admin.storeId === null ? null : Number(admin.storeId),
      token: { jti: claims.jti!, expiresAt: new Date(claims.exp * 1000) },
    };
  }
}
