import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as mysql2 from 'mysql2';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@app/config';
import { MYSQL_SERVER_VERSION } from './database.sql';
import { DatabaseLogger } from './database-logger';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming';

type Entities = NonNullable<DataSourceOptions['entities']>;

/**
 * MySQL or MariaDB? TypeORM must know to read MariaDB's information_schema correctly (it quotes
 * column defaults), so the schema diff behind migrations and the drift test sees no phantom changes.
 */
export async function detectFlavor(url: string): Promise<'mysql' | 'mariadb'> {
  if (url.startsWith('mariadb:')) return 'mariadb';
  const conn = await createConnection({ uri: url.replace(/^mariadb:/, 'mysql:'), connectTimeout: 10_000 });
  try {
    const [rows] = await conn.query<RowDataPacket[]>(MYSQL_SERVER_VERSION);
    return /mariadb/i.test(String(rows[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

/**
 * What every new connection runs before its first query: UTC as the session time zone (values are written and read
 * as UTC by the driver, so NOW() in SQL agrees with them whatever the server's time_zone), and MySQL 8's sql_mode
 * unless configured otherwise (null keeps the server's).
 */
export function sessionSql(sqlMode: string | null): string {
  return `SET SESSION time_zone = '+00:00'${sqlMode === null ? '' : `, sql_mode = '${sqlMode}'`}`;
}

/**
 * mysql2 with a pool that runs `sql` on each connection it opens: the 'connection' event fires before the
 * connection is handed out, and a connection runs its queries in order, so nothing runs before it.
 */
function driverWithSession(sql: string): typeof mysql2 {
  return {
    ...mysql2,
    createPool(options: mysql2.PoolOptions) {
      const pool = mysql2.createPool(options);
      pool.on('connection', (conn) => {
        conn.query(sql, (err) => {
          if (!err) return;
          // The next query on this connection would run in the wrong mode: drop it, the pool opens another.
          process.emitWarning(`could not prepare a database connection (${sql}): ${err.message}`);
          conn.destroy();
        });
      });
      return pool;
    },
  } as typeof mysql2;
}

/** TypeORM options for MySQL/MariaDB (migrations, never synchronize) or the embedded demo file. */
export function dataSourceOptions(db: DatabaseConfig, entities: Entities, flavor: 'mysql' | 'mariadb' = 'mysql'): DataSourceOptions {
  const common = { entities, namingStrategy: new SnakeNamingStrategy(), logging: false as const, logger: new DatabaseLogger() };
  if (db.kind === 'mysql') {
    return {
      ...common,
      type: flavor,
      driver: driverWithSession(sessionSql(db.sqlMode)),
      url: db.url.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      // COUNT(*) and BIGINT as numbers (strings only beyond 2^53).
      supportBigNumbers: true,
      bigNumberStrings: false,
      poolSize: db.poolSize,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      migrationsRun: false,
      synchronize: false,
      extra: {
        // SUM()/DECIMAL as numbers (amounts are integer fen), and keep idle sockets healthy behind NAT.
        decimalNumbers: true,
        enableKeepAlive: true,
        connectTimeout: db.connectTimeoutMs,
        // Waiters beyond this get an error at once (mapped to 503) instead of queueing without bound.
        queueLimit: db.queueLimit,
        // mysql2 otherwise captures a stack trace on every query for nicer errors: measurable CPU per request.
        trace: false,
      },
    };
  }
  mkdirSync(dirname(db.file), { recursive: true });
  return {
    ...common,
    type: 'sqljs',
    location: db.file,
    autoSave: true,
    // The demo database follows the entities directly; MySQL always goes through migrations.
    synchronize: true,
  };
}
