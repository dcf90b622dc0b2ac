import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { MysqlConfig } from '@app/config';

type ConnectionCallback = (err: Error | null, conn?: { release(): void }) => void;
interface Pool {
  getConnection(cb: ConnectionCallback): void;
}

/**
 * Bounds every wait on MySQL once the schema is up to date (migrations may run long and get none of
 * this): a statement the server does not answer within `queryTimeoutMs` fails, and its connection is
 * dropped so nothing else queues behind it; waiting for a pool connection ends after `acquireTimeoutMs`.
 * With the database frozen, requests fail with 503 DATABASE_UNAVAILABLE in bounded time and the pool
 * heals by itself (fresh connections) when the server answers again.
 */
export function applyDatabaseTimeouts(ds: DataSource, db: MysqlConfig): void {
  // TypeORM passes mysql2 a per-statement `timeout` when both are set (read on every query).
  const driverOptions = ds.driver.options as { maxQueryExecutionTime?: number; enableQueryTimeout?: boolean };
  driverOptions.maxQueryExecutionTime = db.queryTimeoutMs;
  driverOptions.enableQueryTimeout = true;
  ds.subscribers.push(new DropTimedOutConnections());
  boundAcquisition((ds.driver as unknown as { pool: Pool }).pool, db.acquireTimeoutMs);
}

/**
 * mysql2 reports a statement timeout but keeps the connection, with the unanswered statement still in its
 * queue: the next borrower would wait behind it. Destroying it lets the pool open a fresh one.
 */
class DropTimedOutConnections implements EntitySubscriberInterface {
  afterQuery(event: { error?: unknown; queryRunner: QueryRunner }): void {
    if ((event.error as { code?: string } | undefined)?.code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    (event.queryRunner as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection?.destroy();
  }
}

/** mysql2's pool has no acquire timeout: a waiter gives up after `ms`; a connection that comes later goes back. */
function boundAcquisition(pool: Pool, ms: number): void {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (cb: ConnectionCallback): void => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      cb(Object.assign(new Error(`No database connection within ${ms} ms`), { code: 'DB_ACQUIRE_TIMEOUT' }));
    }, ms);
    getConnection((err, conn) => {
      if (settled) {
        conn?.release();
        return;
      }
      settled = true;
      clearTimeout(timer);
      if (err?.message === 'Queue limit reached.') Object.assign(err, { code: 'DB_QUEUE_FULL' });
      cb(err, conn);
    });
  };
}
