import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { MYSQL8_SQL_MODE } from '@app/config';
import { startTestApp, type TestApp } from '@app/testing';

const MODES = MYSQL8_SQL_MODE.split(',');

/** Every connection of the pool, each held at once so none is reused. */
async function sessionsOf(t: TestApp): Promise<{ id: number; mode: string; tz: string }[]> {
  const runners = Array.from({ length: t.config.database.kind === 'mysql' ? t.config.database.poolSize : 1 }, () =>
    t.ds.createQueryRunner(),
  );
  try {
    await Promise.all(runners.map((r) => r.connect()));
    return await Promise.all(
      runners.map(async (r) => {
        const [row] = (await r.query('SELECT CONNECTION_ID() AS id, @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz')) as {
          id: number;
          mode: string;
          tz: string;
        }[];
        return row!;
      }),
    );
  } finally {
    await Promise.all(runners.map((r) => r.release()));
  }
}

describe("MySQL 8's sql_mode on MariaDB", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('is set on every connection the service opens, with UTC as the session time zone', async () => {
    const sessions = await sessionsOf(t);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(10);
    for (const s of sessions) {
      expect(s.mode.split(',')).toEqual(expect.arrayContaining(MODES));
      expect(s.tz).toBe('+00:00');
    }
  });

  it('is the same in the plain-JS places that cannot import it (jest global setup, bench floor and data)', () => {
    for (const file of ['test/jest/template.js', 'bench/floor/server.mjs', 'bench/lib/db.mjs']) {
      expect(readFileSync(join(__dirname, '../..', file), 'utf8')).toContain(`'${MYSQL8_SQL_MODE}'`);
    }
  });

  it('refuses a GROUP BY that selects an ungrouped column, as MySQL 8 does', async () => {
    await expect(t.sql('SELECT id, openid FROM user GROUP BY openid')).rejects.toMatchObject({ errno: 1055 }); // ER_WRONG_FIELD_WITH_GROUP
  });

  it('refuses zero dates and division by zero in writes', async () => {
    await expect(
      t.sql("INSERT INTO user (appid, openid, nickname, created_at) VALUES ('a', 'zero', '', '0000-00-00')"),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/^ER_TRUNCATED_WRONG_VALUE|^ER_WRONG_VALUE/),
    });
    await expect(t.sql("INSERT INTO user (appid, openid, nickname, created_at) VALUES ('a', 'div', 1/0, NOW(3))")).rejects.toMatchObject({
      errno: 1365, // ER_DIVISION_BY_ZERO
    });
    expect(await t.sql("SELECT id FROM user WHERE openid IN ('zero', 'div')")).toEqual([]);
  });
});

describe('character set and collation', () => {
  const COLLATION = 'utf8mb4_unicode_ci'; // MySQL 8's default utf8mb4_0900_ai_ci does not exist in MariaDB 10.11
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('are pinned on every table the migrations create', () => {
    const dir = join(__dirname, '../../libs/database/src/migrations');
    const sql = readdirSync(dir)
      .filter((f) => /^\d+-.*\.ts$/.test(f))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const creates = [...sql.matchAll(/CREATE TABLE[\s\S]*?\)\s*ENGINE[^`]*/g)].map((m) => m[0]);
    expect(creates.length).toBeGreaterThan(20);
    for (const create of creates) expect(create).toMatch(/DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci/);
    expect(sql).not.toMatch(/utf8mb4_0900|CHARSET = utf8\b|latin1/);
  });

  it('hold on every table and text column of the migrated database', async () => {
    const tables = await t.sql<{ name: string; collation: string }>(
      'SELECT TABLE_NAME AS name, TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
    );
    expect(tables.length).toBeGreaterThan(20);
    expect(tables.filter((r) => r.collation !== COLLATION)).toEqual([]);
    const columns = await t.sql<{ name: string; collation: string }>(
      `SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME) AS name, COLLATION_NAME AS collation FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = DATABASE() AND COLLATION_NAME IS NOT NULL`,
    );
    expect(columns.filter((r) => r.collation !== COLLATION)).toEqual([]);
    const [conn] = await t.sql<{ cs: string; coll: string }>('SELECT @@character_set_connection AS cs, @@collation_connection AS coll');
    expect(conn).toEqual({ cs: 'utf8mb4', coll: COLLATION });
  });
});

describe('DB_SQL_MODE=server', () => {
  it("keeps the server's sql_mode", async () => {
    const t = await startTestApp({ env: { DB_SQL_MODE: 'server' } });
    try {
      // What a plain mysql2 connection gets from this server (its own default plus the client's flags).
      const plain = await createConnection(t.db.url);
      const [[own]] = (await plain.query('SELECT @@SESSION.sql_mode AS mode')) as unknown as [{ mode: string }[]];
      await plain.end();
      for (const s of await sessionsOf(t)) expect(s.mode).toBe(own!.mode);
    } finally {
      await t.close();
    }
  });
});
