'use strict';
// Plain JS (globalSetup is loaded outside the transform): check the test server once per run.
const { createConnection } = require('mysql2/promise');

const PREFIX = 'wxmall_t_';
// MySQL 8's default, as the service and libs/testing set it on their connections (MYSQL8_SQL_MODE in libs/config).
const SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
const STALE_SECONDS = 2 * 3600;

module.exports = async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
  let conn;
  try {
    conn = await createConnection({ uri: url, connectTimeout: 5000 });
  } catch (err) {
    throw new Error(
      `Tests need MySQL/MariaDB at TEST_DATABASE_URL (${url}): ${err.message}. ` +
        'Start one with `docker compose -f docker/compose.yml up -d`, or point TEST_DATABASE_URL at a server.',
    );
  }
  try {
    await conn.query(`SET SESSION sql_mode = '${SQL_MODE}'`);
    // Drop databases left behind by crashed runs (test files drop their own when they finish).
    const [rows] = await conn.query(`SHOW DATABASES LIKE '${PREFIX}%'`);
    const now = Date.now() / 1000;
    for (const row of rows) {
      const name = String(Object.values(row)[0]);
      const created = Number(name.slice(PREFIX.length).split('_')[0]);
      if (created > 0 && now - created > STALE_SECONDS) await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    }
  } finally {
    await conn.end();
  }
};
