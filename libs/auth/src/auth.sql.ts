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
/** The shopper's row lock: a per-user mutex for limits over the user's rows. */
export const LOCK_USER = sql<Pick<User, 'id'>>('SELECT id FROM `user` WHERE id = ? FOR UPDATE');

/** An admin's role and status and, in the same round trip, whether the token's jti was revoked. */
export const ADMIN_SESSION = sql<Pick<AdminUser, 'id' | 'username' | 'role' | 'status' | 'tokenVersion'> & { revoked: string | null }>(
  'SELECT a.id, a.username, a.role, a.status, a.token_version AS tokenVersion, r.jti AS revoked FROM admin_user a LEFT JOIN revoked_token r ON r.jti = ? WHERE a.id = ?',
);

/** One address of one user (checkout). */
export const OWNED_ADDRESS = sql<AddressSource>(
  'SELECT id, receiver_name AS receiverName, phone, province, city, district, detail, postal_code AS postalCode, ' +
    'is_default AS isDefault FROM address WHERE id = ? AND user_id = ?',
);
