import { privateMariadbAvailable, type PrivateMariadb, startPrivateMariadb, startTestApp, type TestApp } from '@app/testing';

const timed = async <T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const start = Date.now();
  const value = await fn();
  return { ms: Date.now() - start, value };
};

/**
 * A database that hangs (its process stopped: sockets open, nothing answers) on a private mariadbd the test
 * starts, freezes and resumes. Readiness says so within about 2 s, requests fail cleanly within the configured
 * timeouts instead of hanging, and everything recovers without a restart once the server answers again.
 */
(privateMariadbAvailable ? describe : describe.skip)('a frozen database', () => {
  let db: PrivateMariadb;
  let t: TestApp;
  beforeAll(async () => {
    db = await startPrivateMariadb();
    t = await startTestApp({
      database: db.database,
      env: { DB_QUERY_TIMEOUT_MS: '3000', DB_ACQUIRE_TIMEOUT_MS: '2000', DB_CONNECT_TIMEOUT_MS: '2000' },
    });
  }, 120_000);
  afterAll(async () => {
    db?.resume();
    await t?.close();
    await db?.stop();
  });

  it('answers 503 fast on readiness, 503 in bounded time on requests, and recovers when it resumes', async () => {
    const { token } = await t.loginUser();
    expect((await t.http.get('/readyz')).status).toBe(200);
    expect((await t.http.get('/api/v1/me', { token })).status).toBe(200);

    await db.freeze();
    let resumed = false;
    try {
      const ready = await timed(() => t.http.get('/readyz'));
      expect([ready.value.status, ready.value.body.code]).toEqual([503, 'NOT_READY']);
      expect(ready.ms).toBeLessThan(2500);

      // More requests than the pool has connections: some time out on a statement, others waiting for a
      // connection or opening one. None hangs and none is a 500.
      const paths = ['/api/v1/categories', '/api/v1/me', '/api/v1/addresses', '/api/v1/products'];
      const calls = await Promise.all(Array.from({ length: 16 }, (_, i) => timed(() => t.http.get(paths[i % paths.length]!, { token }))));
      for (const c of calls) {
        expect([c.value.status, c.value.body.code, c.value.body.message]).toEqual([
          503,
          'DATABASE_UNAVAILABLE',
          'The database is not answering: retry shortly',
        ]);
      }
      const slowest = Math.max(...calls.map((c) => c.ms));
      expect(slowest).toBeLessThan(6000); // a statement 3 s, or waiting 2 s + connecting 2 s
      process.stdout.write(`frozen database: readiness 503 in ${ready.ms} ms, slowest request 503 in ${slowest} ms\n`);
      expect((await timed(() => t.http.get('/readyz'))).ms).toBeLessThan(2500);

      db.resume();
      resumed = true;
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await t.http.get('/readyz')).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status).toBe(200);
      expect((await t.http.get('/api/v1/categories')).status).toBe(200);
      expect((await t.http.get('/api/v1/me', { token })).status).toBe(200);
    } finally {
      if (!resumed) db.resume();
    }
  });
});
