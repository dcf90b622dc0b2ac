import type { DataSource } from 'typeorm';
import { MYSQL_CURRENT_DATABASE, MYSQL_GET_LOCK, MYSQL_RELEASE_LOCK } from './database.sql';
import { isMysqlFamily } from './db-errors';

/**
 * Runs pending migrations under a MySQL named lock, so instances starting together apply each
 * migration once: the first takes the lock and migrates, the others wait, then find nothing to do.
 */
export async function runMigrationsLocked(ds: DataSource, timeoutSeconds = 120): Promise<string[]> {
  if (!isMysqlFamily(ds)) return [];
  const qr = ds.createQueryRunner();
  await qr.connect();
  const [{ db }] = (await qr.query(MYSQL_CURRENT_DATABASE)) as [{ db: string }];
  const lockName = `wxmall_migrate:${db}`.slice(0, 64);
  try {
    const [{ acquired }] = (await qr.query(MYSQL_GET_LOCK, [lockName, timeoutSeconds])) as [{ acquired: number | null }];
    if (acquired !== 1) throw new Error(`could not take the migration lock "${lockName}" within ${timeoutSeconds}s`);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await qr.query(MYSQL_RELEASE_LOCK, [lockName]).catch(() => undefined);
    await qr.release();
  }
}
