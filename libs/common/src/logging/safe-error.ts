import pino from 'pino';

/*
 * Database errors carry what a statement was given: TypeORM's QueryFailedError has `parameters`, mysql2's
 * error has `sql` with the values inlined, and MySQL's own message quotes values ("Duplicate entry
 * '13812345678' for key 'phone'"). Those are shoppers' personal data: logs get the statement with its
 * placeholders, the error code and the message with the values blanked, nothing else.
 */

interface DatabaseErrorLike {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  query?: unknown;
}

/** A QueryFailedError, or a driver (mysql2) error with a statement or an SQL state. */
export function isDatabaseError(err: unknown): err is DatabaseErrorLike {
  if (!(err instanceof Error)) return false;
  const e = err as DatabaseErrorLike & { sqlMessage?: unknown; sql?: unknown };
  return e.name === 'QueryFailedError' || typeof e.sqlState === 'string' || typeof e.sqlMessage === 'string' || typeof e.sql === 'string';
}

// A quoted literal, unless it names a schema object (`for key 'uq_phone'`, `column 'phone'`).
const LITERAL = /(\b(?:key|column|table|index|constraint|database|schema|function|procedure|trigger|field)\s+)?'(?:[^'\\]|\\.|'')*'/gi;

/** MySQL's message with every quoted value replaced by '?' (names of keys, columns and tables stay). */
export function blankSqlValues(message: string): string {
  return message.replace(LITERAL, (match: string, name: string | undefined) => (name ? match : "'?'"));
}

/** An error's message fit for a log line or a stored `last_error`: database values blanked. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const text = `${err.name}: ${err.message}`;
  return isDatabaseError(err) ? blankSqlValues(text) : text;
}

/** pino's `err` serializer, with database errors reduced to statement, code and blanked message. */
export function serializeError(err: unknown): unknown {
  if (!isDatabaseError(err)) return pino.stdSerializers.err(err as Error);
  const message = err.message ?? '';
  const safe = blankSqlValues(message);
  return {
    type: err.name,
    message: safe,
    code: err.code,
    errno: err.errno,
    sqlState: err.sqlState,
    statement: typeof err.query === 'string' ? err.query : undefined,
    stack: message ? err.stack?.split(message).join(safe) : err.stack,
  };
}
