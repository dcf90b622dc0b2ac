import type { EntityManager } from 'typeorm';
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

/** Runs an UPDATE/DELETE and returns the number of rows it changed, on either driver. */
export async function execute(m: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const res = await runner.query(sql, params, true);
    return res.affected ?? 0;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}

/**
 * Runs an INSERT of `rows` rows and returns the id of the first. A multi-row INSERT gets consecutive ids
 * (MySQL allocates a simple insert's ids at once; the embedded driver has one writer).
 */
export async function insertRows(m: EntityManager, sql: string, params: unknown[], rows = 1): Promise<number> {
  const runner = m.queryRunner ?? m.connection.createQueryRunner();
  try {
    const res = await runner.query(sql, params, true);
    if (isMysqlFamily(m.connection)) return Number((res.raw as { insertId: number | string }).insertId);
    const [last] = (await runner.query('SELECT last_insert_rowid() AS id')) as { id: number }[];
    return Number(last!.id) - rows + 1;
  } finally {
    if (!m.queryRunner) await runner.release();
  }
}
