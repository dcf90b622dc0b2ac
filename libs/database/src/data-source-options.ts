import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection, type RowDataPacket } from 'mysql2/promise';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@app/config';
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
    const [rows] = await conn.query<RowDataPacket[]>('SELECT VERSION() AS v');
    return /mariadb/i.test(String(rows[0]?.v)) ? 'mariadb' : 'mysql';
  } finally {
    await conn.end();
  }
}

/** TypeORM options for MySQL/MariaDB (migrations, never synchronize) or the embedded demo file. */
export function dataSourceOptions(db: DatabaseConfig, entities: Entities, flavor: 'mysql' | 'mariadb' = 'mysql'): DataSourceOptions {
  const common = { entities, namingStrategy: new SnakeNamingStrategy(), logging: false as const, logger: new DatabaseLogger() };
  if (db.kind === 'mysql') {
    return {
      ...common,
      type: flavor,
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
