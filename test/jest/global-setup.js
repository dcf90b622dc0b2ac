'use strict';
// Plain JS (globalSetup runs in Jest's parent process, without the @app/* aliases): check the test server, drop
// what crashed runs left, and build this run's template database with the real migrations, once. Each test file
// then copies the template's schema (and the rows migrations wrote) into its own database (libs/testing
// test-database.ts) instead of migrating: migrating costs seconds per file, copying a fraction of one.
const { randomBytes } = require('node:crypto');
const { writeFileSync } = require('node:fs');
const Module = require('node:module');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createConnection } = require('mysql2/promise');
const template = require('./template');

const ROOT = join(__dirname, '../..');
const STALE_SECONDS = 2 * 3600;

module.exports = async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306';
  let conn;
  try {
    conn = await createConnection({ uri: url, connectTimeout: 5000, multipleStatements: true });
  } catch (err) {
    throw new Error(
      `Tests need MySQL/MariaDB at TEST_DATABASE_URL (${url}): ${err.message}. ` +
        'Start one with `docker compose -f docker/compose.yml up -d`, or point TEST_DATABASE_URL at a server. ' +
        'Unit specs alone need none: npm run test:unit.',
    );
  }
  try {
    await conn.query(`SET SESSION sql_mode = '${template.SQL_MODE}', time_zone = '+00:00'`);
    // Drop databases left behind by crashed runs (test files drop their own, the teardown drops the template).
    const [rows] = await conn.query(`SHOW DATABASES LIKE '${template.PREFIX}%'`);
    const now = Date.now() / 1000;
    for (const row of rows) {
      const name = String(Object.values(row)[0]);
      const created = Number(name.slice(template.PREFIX.length).split('_')[0]);
      if (!(created > 0 && now - created > STALE_SECONDS)) continue;
      // Best effort: a leftover the server cannot drop (a crash can leave files it does not own in the database's
      // directory: errno 39) is someone else's mess to clean, not a reason to fail this run.
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``).catch((err) => {
        console.warn(`\nwxmall tests: could not drop the stale test database ${name} (${err.message}); carrying on.`);
      });
    }
    if (process.env.WXMALL_TEST_TEMPLATE === 'off') return;
    // Unique per run: several checkouts may run Jest against one server at once.
    const name = `${template.PREFIX}${Math.floor(now)}_${randomBytes(4).toString('hex')}_tpl`;
    const started = Date.now();
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    globalThis.__WXMALL_TEMPLATE__ = { url, name };
    await migrate(url, name);
    const recipe = await template.capture(conn, name);
    const file = join(tmpdir(), `${name}.json`);
    writeFileSync(file, JSON.stringify(recipe));
    globalThis.__WXMALL_TEMPLATE__.file = file;
    // Workers start after this and inherit the environment (libs/testing test-database.ts reads it).
    process.env.WXMALL_TEST_TEMPLATE = file;
    if (process.env.WXMALL_TEST_TIMING) console.log(`\ntemplate ${name}: ${recipe.tables.length} tables in ${Date.now() - started} ms`);
  } finally {
    await conn.end();
  }
};

/** The real migrations (whatever libs/database/src/migrations holds now), compiled by swc on the fly. */
async function migrate(url, database) {
  const { DataSource } = require('typeorm');
  const restore = compileTypeScript();
  let MIGRATIONS;
  try {
    ({ MIGRATIONS } = require(join(ROOT, 'libs/database/src/migrations')));
  } finally {
    restore();
  }
  const [version] = await (async () => {
    const c = await createConnection({ uri: url });
    try {
      const [r] = await c.query('SELECT VERSION() AS v');
      return [String(r[0].v)];
    } finally {
      await c.end();
    }
  })();
  const u = new URL(url);
  u.pathname = `/${database}`;
  // As the service opens MySQL (libs/database data-source-options.ts): same flavour, charset, zone and session.
  const ds = new DataSource({
    type: /mariadb/i.test(version) ? 'mariadb' : 'mysql',
    url: u.toString(),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: 1,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    logging: false,
  });
  await ds.initialize();
  try {
    await ds.query(`SET SESSION time_zone = '+00:00', sql_mode = '${template.SQL_MODE}'`);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/** Lets require() load TypeScript (and the @app/* aliases) until the returned function is called. */
function compileTypeScript() {
  const swc = require('@swc/core');
  const previous = require.extensions['.ts'];
  const resolve = Module._resolveFilename;
  require.extensions['.ts'] = (module, filename) => {
    const { code } = swc.transformSync(require('node:fs').readFileSync(filename, 'utf8'), {
      filename,
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    });
    module._compile(code, filename);
  };
  Module._resolveFilename = function (request, ...rest) {
    const lib = /^@app\/([a-z-]+)$/.exec(request);
    if (lib) request = join(ROOT, lib[1] === 'api' ? 'apps/api/src' : `libs/${lib[1]}/src`);
    return resolve.call(this, request, ...rest);
  };
  return () => {
    if (previous) require.extensions['.ts'] = previous;
    else delete require.extensions['.ts'];
    Module._resolveFilename = resolve;
  };
}
