import { startTestApp, type TestApp } from '@app/testing';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves health and readiness', async () => {
    expect((await t.http.get('/healthz')).status).toBe(200);
    const ready = await t.http.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: true, migrations: true });
  });

  it('serves nothing at the bare address outside demo mode', async () => {
    expect((await fetch(`${t.url}/`, { redirect: 'manual' })).status).toBe(404);
  });

  it('logs in a shopper', async () => {
    const { token } = await t.loginUser('o_smoke');
    const me = await t.http.get('/api/v1/me', { token });
    expect(me.status).toBe(200);
  });
});
