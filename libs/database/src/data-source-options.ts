import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@app/config';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming';

type Entities = NonNullable<DataSourceOptions['entities']>;

/** TypeORM options for MySQL/MariaDB (migrations, never synchronize) or the embedded demo file. */
export function dataSourceOptions(db: DatabaseConfig, entities: Entities): DataSourceOptions {
  const common = { entities, namingStrategy: new SnakeNamingStrategy(), logging: false as const };
  if (db.kind === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: db.url.replace(/^mariadb:/, 'mysql:'),
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      poolSize: db.poolSize,
      migrations: MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      migrationsRun: false,
      synchronize: false,
      extra: {
        // SUM()/DECIMAL as numbers (amounts are integer fen), and keep idle sockets healthy behind NAT.
        decimalNumbers: true,
        enableKeepAlive: true,
        connectTimeout: 10_000,
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
