/**
 * Data source for the TypeORM CLI (`npm run migration:*`), loaded from the compiled build.
 * Needs DATABASE_URL; use the `mariadb://` scheme against MariaDB so the schema diff reads its
 * information_schema correctly. Entities are every compiled *.entity.js.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadDotEnv, MYSQL8_SQL_MODE } from '@app/config';
import { dataSourceOptions } from './data-source-options';

loadDotEnv();
const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required for migration commands (mysql://user:pass@host:3306/db)');

export default new DataSource(
  dataSourceOptions(
    // Migrations may run long: no statement or acquire timeout here (those are applied to the app's pool only).
    {
      kind: 'mysql',
      url,
      poolSize: 2,
      connectTimeoutMs: 10_000,
      queryTimeoutMs: 0,
      acquireTimeoutMs: 0,
      queueLimit: 0,
      sqlMode: process.env.DB_SQL_MODE ?? MYSQL8_SQL_MODE,
      replicas: { urls: [], maxLagMs: 0, checkMs: 0 },
    },
    [join(__dirname, '../../../**/*.entity.js')],
    url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
  ),
);
