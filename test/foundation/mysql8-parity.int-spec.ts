import { createConnection } from 'mysql2/promise';
import { MYSQL8_SQL_MODE } from '@app/config';
import { startTestApp, type TestApp } from '@app/testing';

const MODES = MYSQL8_SQL_MODE.split(',');

/** Every connection of the pool, each held at once so none is reused. */
async function sessionsOf(t: TestApp): Promise<{ id: number; mode: string }[]> {
  const runners = Array.from({ length: t.config.database.kind === 'mysql' ? t.config.database.poolSize : 1 }, () =>
    t.ds.createQueryRunner(),
  );
  try {
    await Promise.all(runners.map((r) => r.connect()));
    return await Promise.all(
      runners.map(async (r) => {
        const [row] = (await r.query('SELECT CONNECTION_ID() AS id, @@SESSION.sql_mode AS mode')) as { id: number; mode: string }[];
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

  it('is set on every connection the service opens', async () => {
    const sessions = await sessionsOf(t);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(10);
    for (const s of sessions) expect(s.mode.split(',')).toEqual(expect.arrayContaining(MODES));
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
