import { type EntityManager, QueryFailedError, type QueryRunner } from 'typeorm';
import { statementEnded } from './database-timeouts';
import { isMysqlFamily } from './db-errors';
import { SQLITE_LAST_INSERT_ID, type StatusStep } from './database.sql';
import type { Sql } from './sql-text';

/*
 * Running the hand-written statements (docs/decisions.md, "When SQL is written by hand"). Every statement lives in
 * its lib's `*.sql.ts`, written for MySQL; the embedded demo driver (sql.js) gets the same text without what only
 * MySQL has (index hints, row locks), decided here and nowhere else.
 */

/** What only MySQL has: the embedded driver runs transactions one at a time and needs neither; nor index hints. */
const MYSQL_ONLY = [' FOR UPDATE'];
const INDEX_HINT = / FORCE INDEX \(\w+\)/g;
/** MySQL's join order hint, a plain join for the embedded driver. */
const STRAIGHT_JOIN = [' STRAIGHT_JOIN ', ' INNER JOIN '] as const;
const embeddedText = new Map<string, string>();

/** The statement as this connection's driver takes it (unchanged on MySQL/MariaDB). */
export function portable(m: EntityManager, s: string): string {
  if (isMysqlFamily(m.connection)) return s;
  let text = embeddedText.get(s);
  if (text === undefined) {
    text = MYSQL_ONLY.reduce((t, clause) => t.split(clause).join(''), s.replace(INDEX_HINT, ''))
      .split(STRAIGHT_JOIN[0])
      .join(STRAIGHT_JOIN[1]);
    embeddedText.set(s, text);
  }
  return text;
}

type ColumnLike = Parameters<EntityManager['connection']['driver']['preparePersistentValue']>[1];
const DATETIME = { type: 'datetime' } as ColumnLike;

/** A Date as the driver stores it: MySQL takes the Date, the embedded driver stores UTC text. */
export function dbDateTime(m: EntityManager, d: Date): unknown {
  return m.connection.driver.preparePersistentValue(d, DATETIME);
}

/** A DATETIME column read by a plain SELECT, as the repository would hydrate it (the embedded driver answers text). */
export function dbDate(m: EntityManager, v: unknown): Date | null {
  return v === null || v === undefined ? null : (m.connection.driver.prepareHydratedValue(v, DATETIME) as Date);
}

/** A value of an entity field as a statement parameter: dates as the driver stores them, JSON columns as text. */
export function dbValue(m: EntityManager, v: unknown): unknown {
  if (v instanceof Date) return dbDateTime(m, v);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v;
}

/** A pooled mysql2 connection (callback API), as TypeORM's MySQL driver hands them out. */
interface MysqlConnection {
  query(options: { sql: string; timeout?: number }, values: unknown[], cb: (err: Error | null, result: unknown) => void): void;
  release(): void;
  destroy(): void;
}

interface MysqlDriverLike {
  options: { maxQueryExecutionTime?: number; enableQueryTimeout?: boolean };
  obtainMasterConnection(): Promise<MysqlConnection>;
}

/**
 * A statement on MySQL/MariaDB, run on the mysql2 connection itself: the caller's transaction's connection, or one
 * borrowed from the pool for this statement (as TypeORM's `query` does). What TypeORM's query runner does around a
 * statement is kept: the logger sees it (`logQuery`; the query-counting tests read it), the statement timeout, the
 * slow-statement log, the timeout watch (database-timeouts.ts), failures as QueryFailedError. What is left out is its
 * per-statement machinery (a query runner and an entity manager per autocommit statement, a promise wrapper and an
 * event emitter per statement, subscriber broadcasts): about a tenth of the CPU of order creation (docs/benchmark.md).
 * Entity subscribers never saw plain statements anyway; a subscriber's `beforeQuery`/`afterQuery` does not see these.
 */
async function runOnMysql(m: EntityManager, text: string, params: readonly unknown[]): Promise<unknown> {
  const runner = m.queryRunner;
  // A released runner: TypeORM's own path says so (QueryRunnerAlreadyReleasedError).
  if (runner?.isReleased) return runner.query(text, params as unknown[]);
  const ds = m.connection;
  const driver = ds.driver as unknown as MysqlDriverLike;
  const conn = runner
    ? (((runner as unknown as { databaseConnection?: MysqlConnection }).databaseConnection ?? (await runner.connect())) as MysqlConnection)
    : await driver.obtainMasterConnection();
  try {
    ds.logger.logQuery(text, params as unknown[], runner);
    const { maxQueryExecutionTime, enableQueryTimeout } = driver.options;
    const options = enableQueryTimeout && maxQueryExecutionTime ? { sql: text, timeout: maxQueryExecutionTime } : { sql: text };
    const started = Date.now();
    const { err, raw } = await new Promise<{ err: Error | null; raw: unknown }>((resolve) =>
      conn.query(options, params as unknown[], (e, result) => resolve({ err: e, raw: result })),
    );
    const ms = Date.now() - started;
    if (maxQueryExecutionTime && ms > maxQueryExecutionTime) ds.logger.logQuerySlow(ms, text, params as unknown[], runner);
    statementEnded(driver, conn, err);
    if (err) {
      ds.logger.logQueryError(err, text, params as unknown[], runner);
      throw new QueryFailedError(text, params as unknown[], err);
    }
    return raw;
  } finally {
    if (!runner) conn.release();
  }
}

/** Runs a SELECT and returns its rows. */
export function select<Row>(m: EntityManager, s: Sql<Row>, params: readonly unknown[]): Promise<Row[]> {
  if (isMysqlFamily(m.connection)) return runOnMysql(m, s, params) as Promise<Row[]>;
  return m.query<Row[]>(portable(m, s), params as unknown[]);
}

/** Runs `fn` on the caller's transaction runner, or on a runner of its own released afterwards. */
async function onRunner<T>(m: EntityManager, fn: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    return await fn(runner);
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

/** Runs an UPDATE/DELETE/INSERT and returns the number of rows it changed, on either driver. */
export async function execute(m: EntityManager, s: Sql, params: readonly unknown[]): Promise<number> {
  if (isMysqlFamily(m.connection)) return ((await runOnMysql(m, s, params)) as { affectedRows?: number } | undefined)?.affectedRows ?? 0;
  return onRunner(m, async (runner) => (await runner.query(portable(m, s), params as unknown[], true)).affected ?? 0);
}

/**
 * Runs an INSERT of `rows` rows and returns the id of the first. A multi-row INSERT gets consecutive ids
 * (MySQL allocates a simple insert's ids at once; the embedded driver has one writer).
 */
export async function insertRows(m: EntityManager, s: Sql, params: readonly unknown[], rows = 1): Promise<number> {
  if (isMysqlFamily(m.connection)) return Number(((await runOnMysql(m, s, params)) as { insertId: number | string }).insertId);
  return onRunner(m, async (runner) => {
    await runner.query(portable(m, s), params as unknown[], true);
    const [last] = (await runner.query(SQLITE_LAST_INSERT_ID)) as { id: number }[];
    return Number(last!.id) - rows + 1;
  });
}

/**
 * Runs a state step (database.sql.ts `statusStep`) on row `id`: true when the row was still in `from` and is now in
 * `to`, false when another transaction moved it first (the caller reports a conflict instead of overwriting). Dates
 * and JSON values (of `values` and `and`) are converted for the driver.
 */
export async function stepStatus<E, C extends keyof E & string>(
  m: EntityManager,
  step: StatusStep<E, C>,
  id: number,
  from: string,
  to: string,
  values: Pick<E, C>,
  and: readonly unknown[] = [],
): Promise<boolean> {
  const params = step.columns.map((c) => dbValue(m, values[c]));
  params.push(to, id, from, ...and.map((v) => dbValue(m, v)));
  return (await execute(m, step.sql, params)) > 0;
}
