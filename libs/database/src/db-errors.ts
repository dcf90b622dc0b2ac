import type { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity, UpdateQueryBuilder } from 'typeorm';

interface DriverError {
  errno?: number;
  code?: string;
  message?: string;
}

function driverError(err: unknown): DriverError {
  const e = err as { driverError?: DriverError } & DriverError;
  return e?.driverError ?? e ?? {};
}

/** MySQL deadlock (1213) or lock wait timeout (1205): the transaction can simply run again. */
export function isRetryableTxError(err: unknown): boolean {
  const d = driverError(err);
  return d.errno === 1213 || d.errno === 1205 || d.code === 'ER_LOCK_DEADLOCK' || d.code === 'ER_LOCK_WAIT_TIMEOUT';
}

/** Unique-key violation on MySQL (1062) or SQLite. */
export function isDuplicateKeyError(err: unknown): boolean {
  const d = driverError(err);
  return d.errno === 1062 || d.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/.test(d.message ?? '');
}

/** MySQL or MariaDB (as opposed to the embedded demo driver). */
export function isMysqlFamily(ds: { options: { type: string } }): boolean {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb';
}

/**
 * `SELECT ... FOR UPDATE` where the driver has it. The embedded demo driver runs transactions one at
 * a time instead, so it needs (and supports) no row locks.
 */
export function writeLock(m: { connection: { options: { type: string } } }): { lock?: { mode: 'pessimistic_write' } } {
  return isMysqlFamily(m.connection) ? { lock: { mode: 'pessimistic_write' } } : {};
}

/**
 * Executes an UPDATE built by TypeORM through the table's primary key and returns the affected rows.
 *
 * Conditional updates (`WHERE id = ? AND stock >= ?`, `... AND status = ?`) must reach their row by
 * primary key. With thin statistics (a new table, a just-created product) MySQL/MariaDB may instead
 * range-scan a secondary index that contains the column being changed, e.g. (status, stock); rows
 * whose index entries concurrent transactions are moving can then be skipped, and the update reports
 * 0 rows: a false "out of stock" or "state conflict" under load. The hint removes the choice.
 */
export async function updateByPrimaryKey(m: EntityManager, qb: UpdateQueryBuilder<ObjectLiteral>): Promise<number> {
  if (!isMysqlFamily(m.connection)) return (await qb.execute()).affected ?? 0;
  const [sql, params] = qb.getQueryAndParameters();
  const pinned = sql.replace(/^UPDATE (`[^`]+`) SET /, 'UPDATE $1 FORCE INDEX (PRIMARY) SET ');
  if (pinned === sql) throw new Error(`updateByPrimaryKey: unexpected statement ${sql.slice(0, 60)}`);
  const res = await m.query<{ affectedRows?: number }>(pinned, params);
  return res.affectedRows ?? 0;
}

/**
 * A state-machine step on one row: `UPDATE t SET status = :to, ... WHERE id = :id AND status = :from`
 * (plus optional conditions), through the primary key. Returns false when the row was no longer in
 * `from` (a lost race): the caller reports a conflict instead of overwriting.
 */
export async function transitionRow<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  id: number,
  from: string,
  to: string,
  patch: QueryDeepPartialEntity<T>,
  where?: { sql: string; params: Record<string, unknown> },
): Promise<boolean> {
  const qb = m
    .createQueryBuilder()
    .update(target)
    .set({ ...patch, status: to })
    .where('id = :id AND status = :from', { id, from });
  if (where) qb.andWhere(where.sql, where.params);
  return (await updateByPrimaryKey(m, qb)) > 0;
}

/** The same row lock for plain SQL: append to a SELECT. */
export function forUpdate(m: { connection: { options: { type: string } } }): string {
  return isMysqlFamily(m.connection) ? ' FOR UPDATE' : '';
}
