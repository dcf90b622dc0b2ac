import type { DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import type { MysqlConfig } from '@app/config';

type ConnectionCallback = (err: Error | null, conn?: { release(): void }) => void;
interface Pool {
  getConnection(cb: ConnectionCallback): void;
}

/**
 * Bounds every wait on MySQL once the schema is up to date (migrations may run long and get none of
 * this): a statement the server does not answer within `queryTimeoutMs` fails, and its connection is
 * dropped so nothing else queues behind it; a request waiting for a pool connection gives up once the
 * server has answered nothing for `acquireTimeoutMs`. With the database frozen, requests fail with 503
 * DATABASE_UNAVAILABLE in bounded time and the pool heals by itself (fresh connections) when the server
 * answers again. A busy server that keeps answering is not unavailable: its queue just waits its turn
 * (at most `queueLimit` long).
 */
export function applyDatabaseTimeouts(ds: DataSource, db: MysqlConfig): void {
  // TypeORM passes mysql2 a per-statement `timeout` when both are set (read on every query).
  const driverOptions = ds.driver.options as { maxQueryExecutionTime?: number; enableQueryTimeout?: boolean };
  driverOptions.maxQueryExecutionTime = db.queryTimeoutMs;
  driverOptions.enableQueryTimeout = true;
  const watch = new StatementWatch();
  ds.subscribers.push(watch);
  watches.set(ds.driver, watch);
  boundAcquisition((ds.driver as unknown as { pool: Pool }).pool, db.acquireTimeoutMs, watch);
}

/** Each DataSource's watch, by its driver (plain-sql.ts reports the statements it runs on mysql2 directly). */
const watches = new WeakMap<object, StatementWatch>();

/**
 * A statement run on the driver's connection without TypeORM's query runner (plain-sql.ts) ended: the same as the
 * watch's `afterQuery` for the ones TypeORM runs. Nothing to do before the timeouts are applied (migrations).
 */
export function statementEnded(driver: object, connection: { destroy(): void }, error: unknown): void {
  watches.get(driver)?.ended(connection, error);
}

/**
 * Sees every statement end. Notes when the server last answered (an SQL error is an answer too), and
 * destroys a connection whose statement timed out: mysql2 would keep it, with the unanswered statement
 * still queued in front of the next borrower's.
 */
class StatementWatch implements EntitySubscriberInterface {
  answeredAt = Date.now();

  afterQuery(event: { error?: unknown; queryRunner: QueryRunner }): void {
    this.ended((event.queryRunner as unknown as { databaseConnection?: { destroy(): void } }).databaseConnection, event.error);
  }

  ended(connection: { destroy(): void } | undefined, err: unknown): void {
    const error = err as { code?: string; fatal?: boolean } | undefined;
    if (error?.code === 'PROTOCOL_SEQUENCE_TIMEOUT') {
      connection?.destroy();
    } else if (!error?.fatal) {
      this.answeredAt = Date.now();
    }
  }
}

/**
 * mysql2's pool has no acquire timeout. A waiter gives up when the server has answered nothing for `ms`
 * (checked when its timer fires; while statements complete it waits on); a connection that arrives after
 * it gave up goes straight back to the pool.
 */
function boundAcquisition(pool: Pool, ms: number, watch: StatementWatch): void {
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (cb: ConnectionCallback): void => {
    let settled = false;
    let timer: NodeJS.Timeout;
    const check = (): void => {
      const silentMs = Date.now() - watch.answeredAt;
      if (silentMs < ms) {
        timer = setTimeout(check, ms - silentMs);
        return;
      }
      settled = true;
      cb(Object.assign(new Error(`No database connection: the server answered nothing for ${ms} ms`), { code: 'DB_ACQUIRE_TIMEOUT' }));
    };
    timer = setTimeout(check, ms);
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
