import { sql } from '@app/database';
import type { AdminUser } from './admin-user.entity';
import type { AddressSource } from './dto/auth.mappers';
import type { User } from './user.entity';

/*
 * auth's hand-written statements (docs/decisions.md, "When SQL is written by hand"): identity resolution runs before
 * every shopper request whose identity is not cached, the user row is the shopper's mutex, and checkout reads the
 * address inside its transaction.
 */

/** The shopper of (appid, openid); `stale` = last_seen_at is older than the parameter (or unset). */
export const FIND_IDENTITY = sql<Pick<User, 'id' | 'openid' | 'status' | 'unionid'> & { stale: number | string }>(
  'SELECT id, openid, status, unionid, (last_seen_at IS NULL OR last_seen_at < ?) AS stale FROM `user` WHERE appid = ? AND openid = ? LIMIT 1',
);
export const INSERT_USER = sql('INSERT INTO `user` (appid, openid, unionid, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)');
export const TOUCH_USER = sql('UPDATE `user` SET last_seen_at = ? WHERE id = ?');
export const TOUCH_USER_UNIONID = sql('UPDATE `user` SET last_seen_at = ?, unionid = ? WHERE id = ?');
/** A shopper by id (a token's subject whose status is not cached). */
export const USER_BY_ID = sql<Pick<User, 'id' | 'appid' | 'openid' | 'status'>>(
  'SELECT id, appid, openid, status FROM `user` WHERE id = ?',
);
/** The shopper an existing backend's user id is linked to (its token's `sub`); `stale` as in FIND_IDENTITY. */
export const FIND_EXTERNAL = sql<Pick<User, 'id' | 'openid' | 'status'> & { stale: number | string }>(
  'SELECT id, openid, status, (last_seen_at IS NULL OR last_seen_at < ?) AS stale FROM `user` WHERE external_id = ? LIMIT 1',
);
/** A shopper first seen through an existing backend's token: no openid until they log in through WeChat. */
export const INSERT_EXTERNAL_USER = sql(
  'INSERT INTO `user` (external_id, external_linked_at, last_seen_at, created_at) VALUES (?, ?, ?, ?)',
);
/** What the login bridge sends about a shopper. */
export const BRIDGE_SUBJECT = sql<Pick<User, 'id' | 'appid' | 'openid' | 'unionid' | 'externalId'>>(
  'SELECT id, appid, openid, unionid, external_id AS externalId FROM `user` WHERE id = ?',
);
/** Links a shopper to the existing backend's user id, once: a linked shopper keeps their link. */
export const LINK_EXTERNAL = sql('UPDATE `user` SET external_id = ?, external_linked_at = ? WHERE id = ? AND external_id IS NULL');
/** The shopper's row lock: a per-user mutex for limits over the user's rows. */
export const LOCK_USER = sql<Pick<User, 'id'>>('SELECT id FROM `user` WHERE id = ? FOR UPDATE');

/** An admin's role and status and, in the same round trip, whether the token's jti was revoked. */
export const ADMIN_SESSION = sql<
  Pick<AdminUser, 'id' | 'username' | 'role' | 'status' | 'tokenVersion' | 'storeId'> & { revoked: string | null }
>(
  'SELECT a.id, a.username, a.role, a.status, a.token_version AS tokenVersion, a.store_id AS storeId, r.jti AS revoked FROM admin_user a LEFT JOIN revoked_token r ON r.jti = ? WHERE a.id = ?',
);

/** One address of one user (checkout). */
export const OWNED_ADDRESS = sql<AddressSource>(
  'SELECT id, receiver_name AS receiverName, phone, province, city, district, detail, postal_code AS postalCode, ' +
    'is_default AS isDefault FROM address WHERE id = ? AND user_id = ?',
);
