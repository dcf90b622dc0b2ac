import type { EntityManager } from 'typeorm';
import { AdminUser } from './admin-user.entity';
import { LoginThrottle } from './login-throttle.entity';
import { clearLoginThrottle } from './login-throttle.service';

/*
 * Operator recovery, for when no owner can log in: `npm run admin -- unlock|reset-password <user>`
 * (apps/api/src/admin-cli.ts) runs these straight against DATABASE_URL.
 */

/** The entities these functions touch (for a data source of their own). */
export const RECOVERY_ENTITIES: Function[] = [AdminUser, LoginThrottle];

export interface RecoveredAdmin {
  id: number;
  username: string;
  status: string;
  /** Client addresses whose login throttle was cleared. */
  cleared: number;
}

/** Clears every client's login throttle for the account; undefined when there is no such account. */
export async function unlockAdmin(m: EntityManager, username: string): Promise<RecoveredAdmin | undefined> {
  const admin = await m.getRepository(AdminUser).findOne({ where: { username }, select: { id: true, username: true, status: true } });
  if (!admin) return undefined;
  return { id: admin.id, username: admin.username, status: admin.status, cleared: await clearLoginThrottle(m, admin.username) };
}

/** Sets a new password hash, ends the account's tokens and clears its login throttle. */
export async function resetAdminPassword(
  m: EntityManager,
  username: string,
  passwordHash: string,
  now: Date,
): Promise<RecoveredAdmin | undefined> {
  return m.transaction(async (tx) => {
    const repo = tx.getRepository(AdminUser);
    const admin = await repo.findOne({ where: { username }, select: { id: true, username: true, status: true, tokenVersion: true } });
    if (!admin) return undefined;
    await repo.update({ id: admin.id }, { passwordHash, tokenVersion: admin.tokenVersion + 1, updatedAt: now });
    return { id: admin.id, username: admin.username, status: admin.status, cleared: await clearLoginThrottle(tx, admin.username) };
  });
}
