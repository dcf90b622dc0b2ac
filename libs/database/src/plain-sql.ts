import type { EntityManager, QueryRunner } from 'typeorm';
import { isMysqlFamily } from './db-errors';

/*
 * Helpers for the few hot statements written as plain SQL (stock reservation, state steps on payment): they
 * skip the query builder's CPU, which matters most while a transaction holds a hot row lock. The SQL stays
 * portable to the embedded demo driver; what differs between drivers is decided here.
 */

type ColumnLike = Parameters<EntityManager['connection']['driver']['preparePersistentValue']>[1];
const DATETIME = { type: 'datetime' } as ColumnLike;

/** A Date as the driver stores it: MySQL takes the Date, the embedded driver stores UTC text. */
export function dbDateTime(m: EntityManager, d: Date): unknown {
  return m.connection.driver.preparePersistentValue(d, DATETIME);
}

/**
 * ` FORCE INDEX (PRIMARY)` on MySQL: a conditional UPDATE must reach its row by primary key (see
 * updateByPrimaryKey for why); the embedded driver has no such hint.
 */
export function primaryKeyHint(m: EntityManager): string {
  return isMysqlFamily(m.connection) ? ' FORCE INDEX (PRIMARY)' : '';
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

/** Runs an UPDATE/DELETE and returns the number of rows it changed, on either driver. */
export function execute(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  return onRunner(m, async (runner) => (await runner.query(sql, params, true)).affected ?? 0);
}

/**
 * Runs an INSERT of `rows` rows and returns the id of the first. A multi-row INSERT gets consecutive ids
 * (MySQL allocates a simple insert's ids at once; the embedded driver has one writer).
 */
export function insertRows(m: EntityManager, sql: string, params: unknown[], rows = 1): Promise<number> {
  return onRunner(m, async (runner) => {
    const res = await runner.query(sql, params, true);
    if (isMysqlFamily(m.connection)) return Number((res.raw as { insertId: number | string }).insertId);
    const [last] = (await runner.query('SELECT last_insert_rowid() AS id')) as { id: number }[];
    return Number(last!.id) - rows + 1;
  });
}
