import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
async function connectServer(multipleStatements = false): Promise<Connection> {
  const conn = await createConnection({ uri: serverUrl(), multipleStatements });
  await conn.query(`SET SESSION sql_mode = '${MYSQL8_SQL_MODE}'`);
  return conn;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /**
   * An empty database, for tests of the migrations themselves: the app migrates it at boot. By default the
   * database starts as a copy of the run's template, which the real migrations built once (test/jest/global-setup.js).
   */
  empty?: boolean;
}

/** The run's template as test/jest/global-setup.js captured it (test/jest/template.js). */
interface TemplateRecipe {
  /** Each table's DDL, and for tables the migrations wrote rows into, the statement copying them. */
  tables: { name: string; ddl: string; copy?: string }[];
  /** Each trigger's CREATE statement (unqualified table names) and the sql_mode it was created in. */
  triggers?: { name: string; sqlMode: string; ddl: string }[];
}

/** Stands for the new database's name in the recipe's copy statements (test/jest/template.js TARGET). */
const TARGET = '{{database}}';

let recipe: TemplateRecipe | null | undefined;

function templateRecipe(): TemplateRecipe | null {
  if (recipe === undefined) {
    const file = process.env.WXMALL_TEST_TEMPLATE;
    recipe = file && file !== 'off' ? (JSON.parse(readFileSync(file, 'utf8')) as TemplateRecipe) : null;
  }
  return recipe;
}

const q = (name: string) => `\`${name.replace(/`/g, '``')}\``;

/** DDL runs on this many connections at once: the server then syncs their table files together (about 3x faster). */
const LANES = 4;

/** Runs each lane's statements on a connection of its own, in parallel. */
async function inLanes(lanes: string[][]): Promise<void> {
  const busy = lanes.filter((l) => l.length > 0);
  const conns = await Promise.all(busy.map(() => connectServer(true)));
  try {
    await Promise.all(busy.map((l, i) => conns[i]!.query(l.join(';\n'))));
  } finally {
    await Promise.all(conns.map((c) => c.end()));
  }
}

function deal<T>(items: T[], n: number): T[][] {
  return Array.from({ length: n }, (_, i) => items.filter((_, j) => j % n === i));
}

/**
 * A database of its own for one test file, already migrated: the template's tables (DDL as the server printed it)
 * and the rows migrations wrote. Without a template (Jest run without the global setup, or
 * `WXMALL_TEST_TEMPLATE=off`) or with `{ empty: true }` it is empty, and the app's migrations build it at boot.
 */
export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const name = `${PREFIX}${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const tpl = opts.empty ? null : templateRecipe();
  const conn = await connectServer(true);
  try {
    await conn.query(`CREATE DATABASE ${q(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    if (tpl) {
      const use = [`USE ${q(name)}`, 'SET SESSION foreign_key_checks = 0'];
      await inLanes(deal(tpl.tables, LANES).map((tables) => (tables.length ? [...use, ...tables.map((t) => t.ddl)] : [])));
      const rows = tpl.tables.flatMap((t) => (t.copy ? [t.copy.replace(TARGET, name)] : []));
      if (rows.length) await conn.query(['SET SESSION foreign_key_checks = 0', ...rows].join(';\n'));
      if (tpl.triggers?.length) {
        await conn.query(`USE ${q(name)}`);
        for (const t of tpl.triggers) {
          await conn.query('SET SESSION sql_mode = ?', [t.sqlMode]);
          await conn.query(t.ddl);
        }
      }
    }
  } catch (err) {
    await conn.query(`DROP DATABASE IF EXISTS ${q(name)}`).catch(() => undefined);
    throw err;
  } finally {
    await conn.end();
  }
  return {
    name,
    url: serverUrl(name),
    async drop() {
      // The copied tables first, in lanes (as they were made), then the database with whatever else is left.
      const c = await connectServer();
      try {
        const drops = (tpl?.tables ?? []).map((t) => `DROP TABLE IF EXISTS ${q(name)}.${q(t.name)}`);
        await inLanes(deal(drops, LANES).map((l) => (l.length ? ['SET SESSION foreign_key_checks = 0', ...l] : [])));
        await c.query(`DROP DATABASE IF EXISTS ${q(name)}`);
      } finally {
        await c.end();
      }
    },
  };
}
