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
