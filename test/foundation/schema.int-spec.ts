import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '@app/testing';

/** Guards entity/migration drift for every module: after the migrations, the entities need no schema change. */
describe('schema', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    // TypeORM's `mysql` driver misreads MariaDB's column defaults (every nullable column looks changed), so on
    // MariaDB the comparison runs through its `mariadb` driver, with the same entities on the same database.
    const [row] = await t.sql<{ version: string }>('SELECT VERSION() AS version');
    const version = row?.version ?? '';
    ds = /mariadb/i.test(version)
      ? await new DataSource({
          ...(t.ds.options as object),
          type: 'mariadb',
          entities: t.ds.entityMetadatas.map((m) => m.target as Function),
          poolSize: 1,
        } as never).initialize()
      : t.ds;
  });
  afterAll(async () => {
    if (ds && ds !== t.ds) await ds.destroy();
    await t?.close();
  });

  it('matches the entities exactly after the migrations', async () => {
    const sql = await ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
