import { startTestApp, type TestApp } from '@app/testing';

/** Guards entity/migration drift for every module: after the migrations, the entities need no schema change. */
describe('schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('matches the entities exactly after the migrations', async () => {
    const sql = await t.ds.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });
});
