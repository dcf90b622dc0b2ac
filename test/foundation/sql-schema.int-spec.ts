import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type Connection, createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { createApp } from '@app/api';
import { loadConfig } from '@app/config';
import { portable } from '@app/database/testing';
import { createAddress, createShopProduct, placeOrder, startTestApp, type TestApp } from '@app/testing';

/*
 * The schema check: every statement of every `*.sql.ts` home (constants, and each example of the builders) is
 * prepared against the database the real migrations built, and against the embedded demo driver's schema in the
 * form that driver runs it; an unknown table or column fails here, not in production. And the INSERTs agree with
 * the entities they write.
 */

const ROOT = join(__dirname, '../..');

interface Statement {
  /** file:export[.key][(example)] */
  where: string;
  sql: string;
  name: string;
}

function homes(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : homes(path);
    return e.name.endsWith('.sql.ts') ? [path] : [];
  });
}

/** Every statement a value holds: strings, the values of objects, and what a builder returns for each of its examples. */
function collect(value: unknown, where: string, name: string, out: Statement[]): void {
  if (typeof value === 'string') out.push({ where, sql: value, name });
  else if (typeof value === 'function') {
    const examples = (value as { examples?: unknown[][] }).examples;
    if (!Array.isArray(examples) || examples.length === 0) throw new Error(`${where}: a builder without examples (sqlFn(build, examples))`);
    examples.forEach((args, i) => collect((value as (...a: unknown[]) => unknown)(...args), `${where}(example ${i + 1})`, name, out));
  } else if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) collect(v, `${where}.${k}`, name, out);
  }
}

/** A home's exports (the registry is the set of `*.sql.ts` files: each is loaded as the app loads it). */
function load(home: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(ROOT, home)) as Record<string, unknown>;
}

function registeredStatements(): Map<string, Statement[]> {
  const byHome = new Map<string, Statement[]>();
  for (const home of ['libs', 'apps'].flatMap((d) => homes(join(ROOT, d))).map((f) => relative(ROOT, f))) {
    const out: Statement[] = [];
    for (const [name, value] of Object.entries(load(home))) collect(value, `${home}:${name}`, name, out);
    byHome.set(home, out);
  }
  return byHome;
}

/** Prepares each statement on a MySQL/MariaDB connection; returns the failures. */
async function prepareAll(conn: Connection, statements: Statement[]): Promise<string[]> {
  const failures: string[] = [];
  for (const s of statements) {
    try {
      const prepared = await conn.prepare(s.sql);
      await prepared.close();
    } catch (err) {
      failures.push(`${s.where}: ${(err as { code?: string }).code} ${(err as Error).message}`);
    }
  }
  return failures;
}

describe('SQL homes against the schema', () => {
  const byHome = registeredStatements();
  const all = [...byHome.values()].flat();
  let t: TestApp;
  let conn: Connection;
  beforeAll(async () => {
    t = await startTestApp();
    conn = await createConnection(t.db.url);
  });
  afterAll(async () => {
    await conn?.end();
    await t?.close();
  });

  it('finds the homes and their statements', () => {
    expect([...byHome.keys()].sort()).toEqual(
      expect.arrayContaining([
        'libs/after-sale/src/after-sale.sql.ts',
        'libs/auth/src/auth.sql.ts',
        'libs/cart/src/cart.sql.ts',
        'libs/catalog/src/catalog.sql.ts',
        'libs/database/src/database.sql.ts',
        'libs/jobs/src/jobs.sql.ts',
        'libs/moderation/src/moderation.sql.ts',
        'libs/orders/src/orders.sql.ts',
        'libs/payments/src/payments.sql.ts',
        'libs/reviews/src/reviews.sql.ts',
      ]),
    );
    for (const [home, statements] of byHome) expect([home, statements.length > 0]).toEqual([home, true]);
    expect(all.length).toBeGreaterThan(80);
  });

  it('prepares every statement against the migrated MariaDB/MySQL schema', async () => {
    expect(
      await prepareAll(
        conn,
        all.filter((s) => !s.name.startsWith('SQLITE_')),
      ),
    ).toEqual([]);
  });

  it('fails on an unknown column or table (a renamed column in a statement)', async () => {
    const [insertOrder] = byHome.get('libs/orders/src/orders.sql.ts')!.filter((s) => s.name === 'INSERT_ORDER');
    const renamed = [
      { ...insertOrder!, sql: insertOrder!.sql.replace('pay_expires_at', 'pay_deadline') },
      { ...insertOrder!, sql: insertOrder!.sql.replace('INTO orders', 'INTO orderz') },
    ];
    const failures = await prepareAll(conn, renamed);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatch(/ER_BAD_FIELD_ERROR.*pay_deadline/);
    expect(failures[1]).toMatch(/ER_NO_SUCH_TABLE.*orderz/);
  });

  it('prepares every statement the embedded demo driver runs, as it runs it, against its schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxmall-sql-'));
    let app: NestFastifyApplication | undefined;
    try {
      app = await createApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS_IN_PROCESS: 'false', DEMO_SEED: 'false' }));
      const ds = app.get(DataSource);
      const db = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): { free(): void } } }).databaseConnection;
      const failures: string[] = [];
      for (const s of all.filter((x) => !x.name.startsWith('MYSQL_'))) {
        try {
          db.prepare(portable(ds.manager, s.sql)).free();
        } catch (err) {
          failures.push(`${s.where}: ${(err as Error).message}`);
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await app?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The table's columns: name -> nullable, default (MariaDB reports NULL defaults as the text 'NULL'), auto id. */
  async function columnsOf(table: string): Promise<Map<string, { nullable: boolean; default: string | null; auto: boolean }>> {
    const [rows] = await conn.query<[]>(
      'SELECT COLUMN_NAME AS name, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra FROM information_schema.COLUMNS ' +
        'WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
      [table],
    );
    return new Map(
      (rows as { name: string; nullable: string; dflt: string | null; extra: string }[]).map((r) => [
        r.name,
        { nullable: r.nullable === 'YES', default: r.dflt === 'NULL' ? null : r.dflt, auto: /auto_increment/i.test(r.extra) },
      ]),
    );
  }

  it('every INSERT names each column that has neither a default nor NULL (it never leans on an implicit value)', async () => {
    const inserts = all.filter((s) => /^\s*INSERT INTO/i.test(s.sql));
    expect(inserts.length).toBeGreaterThan(8);
    const problems: string[] = [];
    for (const s of inserts) {
      const [, table, list] = /^\s*INSERT INTO `?(\w+)`? \(([^)]*)\)/i.exec(s.sql)!;
      const named = new Set(list!.split(',').map((c) => c.trim().replace(/`/g, '')));
      for (const [column, c] of await columnsOf(table!)) {
        if (!named.has(column) && !c.nullable && c.default === null && !c.auto) problems.push(`${s.where}: ${table}.${column} not written`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('INSERT_ORDER and INSERT_ORDER_ITEMS write every persisted column of their entity, or leave it to a default the answer uses', async () => {
    const orders = load('libs/orders/src/orders.sql.ts') as Record<string, string[] & Record<string, unknown>>;
    for (const [tableName, inserted, defaults] of [
      ['orders', orders.ORDER_INSERTED!, orders.ORDER_DEFAULTS!],
      ['order_item', orders.ORDER_ITEM_INSERTED!, orders.ORDER_ITEM_DEFAULTS!],
    ] as const) {
      const meta = t.ds.getMetadata(tableName);
      const persisted = meta.columns.map((c) => c.propertyName).sort();
      const generated = meta.columns.filter((c) => c.isGenerated).map((c) => c.propertyName);
      expect([meta.tableName, [...inserted, ...Object.keys(defaults), ...generated].sort()]).toEqual([meta.tableName, persisted]);
      // What the answer assumes of a column left out is what the table holds after the insert.
      const table = await columnsOf(meta.tableName);
      for (const [property, value] of Object.entries(defaults)) {
        const column = table.get(meta.findColumnWithPropertyName(property)!.databaseName)!;
        expect([property, column.default === null ? null : Number(column.default)]).toEqual([property, value]);
        if (value === null) expect([property, column.nullable]).toEqual([property, true]);
      }
    }
  });

  it('a new order is answered with what was stored', async () => {
    const owner = await t.loginAdmin();
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 1990, stock: 5 }]);
    const created = await placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 2 }], addressId, remark: '放门口' });
    expect(created.status).toBe(201);
    const stored = await t.http.get(`/api/v1/orders/${created.body.id}`, { token });
    expect(stored.body).toEqual(created.body);
  });
});
