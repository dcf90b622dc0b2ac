import { randomBytes } from 'node:crypto';
import { type Connection, createConnection } from 'mysql2/promise';
import { MYSQL8_SQL_MODE } from '@app/config';

export const TEST_SERVER_URL = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
/** test/jest/global-setup.js drops databases with this prefix left by crashed runs. */
const PREFIX = 'wxmall_t_';

function serverUrl(database?: string): string {
  const u = new URL(TEST_SERVER_URL);
  u.pathname = database ? `/${database}` : '/';
  return u.toString();
}

/** A raw connection to the test server, in the sql_mode the service sets (MySQL 8's). */
async function connectServer(): Promise<Connection> {
  const conn = await createConnection(serverUrl());
  await conn.query(`SET SESSION sql_mode = '${MYSQL8_SQL_MODE}'`);
  return conn;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file; the app's migrations build it at boot. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const conn = await connectServer();
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
  return {
    name,
    url: serverUrl(name),
    async drop() {
      const c = await connectServer();
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}
