import type { AdminRole } from './roles';

export interface ShopperIdentity {
  kind: 'user';
  userId: number;
  /** Who vouched for the user: our token, the Cloud Hosting gateway headers, or the existing backend's token. */
  via: 'token' | 'gateway' | 'external';
  openid?: string;
}

export interface AdminIdentity {
  kind: 'admin';
  adminId: number;
  role: AdminRole;
  /** The account's username when the request began (what the audit log shows). */
  username?: string;
  /** store_staff: the one store whose pick-ups the account handles; null for other roles. */
  storeId: number | null;
  /** Set when a shopper reaches /admin/* through an admin account bound to their openid. */
  viaUserId?: number;
  /** The admin token of the request (what logout revokes); absent for admins by bound openid. */
  token?: { jti: string; expiresAt: Date };
}

export type Identity = { kind: 'anonymous' } | ShopperIdentity | AdminIdentity;

/** A route's declared access; `active`: a disabled shopper is refused (buying, asking for money back). */
export type Access = { kind: 'public' } | { kind: 'user'; active?: true } | { kind: 'admin'; role: AdminRole };

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
  }
}
