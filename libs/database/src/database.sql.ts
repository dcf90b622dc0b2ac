import { snakeCase } from './naming';
import { marks, sql, type Sql } from './sql-text';

/*
 * The database lib's own statements, and the builders other libs' `*.sql.ts` homes declare their state steps and
 * inserts with (the text is built once, at module load, from typed column lists). A statement named MYSQL_* runs on
 * MySQL/MariaDB only, SQLITE_* on the embedded driver only: the schema check prepares each where it runs.
 */

export const MYSQL_SERVER_VERSION = sql<{ v: string }>('SELECT VERSION() AS v');
export const PING = sql('SELECT 1');
export const MYSQL_CURRENT_DATABASE = sql<{ db: string }>('SELECT DATABASE() AS db');
export const MYSQL_GET_LOCK = sql<{ acquired: number | null }>('SELECT GET_LOCK(?, ?) AS acquired');
export const MYSQL_RELEASE_LOCK = sql('SELECT RELEASE_LOCK(?)');
/** Read replicas' heartbeat (read-replicas.ts): set on the primary by its clock, read back there and on each replica. */
export const MYSQL_BEAT_HEARTBEAT = sql('UPDATE replica_heartbeat SET beat_at = NOW(3) WHERE id = 1');
export const MYSQL_READ_HEARTBEAT = sql<{ beatAt: Date | string }>('SELECT beat_at AS beatAt FROM replica_heartbeat WHERE id = 1');
export const SQLITE_LAST_INSERT_ID = sql<{ id: number }>('SELECT last_insert_rowid() AS id');

/** Entity properties naming columns (snake_case in the table, as SnakeNamingStrategy maps them). */
export type Columns<E> = readonly (keyof E & string)[];

/** A state step's statement and the entity fields it sets besides the status, in parameter order. */
export interface StatusStep<E, C extends keyof E & string = keyof E & string> {
  readonly sql: Sql<never>;
  readonly columns: readonly C[];
}

/**
 * A state step through the primary key: `UPDATE <table> FORCE INDEX (PRIMARY) SET <columns> = ?, status = ?
 * WHERE id = ? AND status = ?`, then `AND <and>` when given. Parameters: the columns' values, the new status, the id,
 * the expected status, then those of `and`. Conditional updates must reach their row by primary key: with thin
 * statistics MySQL/MariaDB may range-scan a secondary index holding the changed column (e.g. `sku (status, stock)`),
 * skip rows whose entries concurrent transactions are moving and report 0 rows, a false conflict. The hint removes
 * the choice (docs/decisions.md, Data).
 */
export const statusStep = Object.assign(
  function statusStep<E, const C extends keyof E & string>(table: string, columns: readonly C[], and?: string): StatusStep<E, C> {
    const set = [...columns.map((c) => `${snakeCase(c)} = ?`), 'status = ?'].join(', ');
    return { sql: sql(`UPDATE ${table} FORCE INDEX (PRIMARY) SET ${set} WHERE id = ? AND status = ?${and ? ` AND ${and}` : ''}`), columns };
  },
  {
    examples: [
      ['job', ['updatedAt']],
      ['job', ['runAt', 'updatedAt'], 'run_at <= ?'],
    ] as [string, string[], string?][],
  },
);

/** `INSERT INTO <table> (<columns>) VALUES (?, ...)`, `rows` tuples (a multi-row insert). */
export const insertInto = Object.assign(
  function insertInto<E>(table: string, columns: Columns<E>, rows = 1): Sql<never> {
    const tuple = `(${marks(columns.length)})`;
    return sql(
      `INSERT INTO ${table} (${columns.map(snakeCase).join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}`,
    );
  },
  {
    examples: [
      ['job_schedule', ['name', 'nextRunAt']],
      ['job_schedule', ['name', 'nextRunAt'], 2],
    ] as [string, string[], number?][],
  },
);

/**
 * Fails to compile unless `T` is never: `Exhaustive<Exclude<keyof Order, Inserted | LeftToDefaults>>` makes a field
 * added to an entity a compile error until its INSERT says whether it writes it.
 */
export type Exhaustive<T extends never> = T;
