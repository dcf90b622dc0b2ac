import { TransactionRunner } from '@app/database';
import { type JobPayloads, JobRegistry, JobsService, type JobType, PermanentJobError } from '@app/jobs';
import { JobRunner } from '@app/jobs/testing';
import { startTestApp, type TestApp } from '@app/testing';

// This file's job types, in the typed map like any lib's.
declare module '@app/jobs' {
  interface JobPayloads {
    'test.record': { n: number };
    'test.flaky': { n: number };
    'test.permanent': object;
    'test.loop': { n: number };
  }
}

describe('durable jobs', () => {
  let t: TestApp;
  let jobs: JobsService;
  let runner: JobRunner;
  let tx: TransactionRunner;
  const seen: { id: number; n: number }[] = [];
  let failuresLeft = 0;

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_TRIGGER_TOKEN: 'tick-token-0123456789abcdef' } });
    jobs = t.app.get(JobsService);
    runner = t.app.get(JobRunner);
    tx = t.app.get(TransactionRunner);
    const registry = t.app.get(JobRegistry);
    registry.defineJob('test.record', async (p, ctx) => {
      seen.push({ id: ctx.jobId, n: p.n });
    });
    registry.defineJob(
      'test.flaky',
      async () => {
        if (failuresLeft-- > 0) throw new Error('WeChat said no');
      },
      { maxAttempts: 3 },
    );
    registry.defineJob('test.permanent', async () => {
      throw new PermanentJobError('refused for good');
    });
  });
  afterAll(() => t?.close());
  beforeEach(async () => {
    seen.length = 0;
    await t.sql('DELETE FROM job');
  });

  const enqueue = <K extends JobType>(type: K, payload: JobPayloads[K], opts = {}) => tx.run((m) => jobs.enqueue(m, type, payload, opts));
  const jobRows = () => t.sql('SELECT id, type, status, attempts, run_at, last_error FROM job ORDER BY id');

  it('exists only if the enqueuing transaction commits', async () => {
    await expect(
      tx.run(async (m) => {
        await jobs.enqueue(m, 'test.record', { n: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await jobRows()).toEqual([]);
    await enqueue('test.record', { n: 2 });
    expect(await runner.drain()).toEqual({ done: 1, retried: 0, dead: 0 });
    expect(seen.map((s) => s.n)).toEqual([2]);
    expect((await jobRows())[0].status).toBe('done');
  });

  it('keeps one job per dedupe key', async () => {
    await enqueue('test.record', { n: 1 }, { dedupeKey: 'close:ORDER1' });
    await enqueue('test.record', { n: 2 }, { dedupeKey: 'close:ORDER1' });
    expect(await jobRows()).toHaveLength(1);
  });

  it('waits for run_at on the injected clock', async () => {
    await enqueue('test.record', { n: 3 }, { runAt: new Date(t.clock.now().getTime() + 60_000) });
    expect(await runner.drain()).toEqual({ done: 0, retried: 0, dead: 0 });
    t.clock.advance(60_000);
    expect(await runner.drain()).toEqual({ done: 1, retried: 0, dead: 0 });
  });

  it('retries with exponential backoff, then gives up as dead; an owner can retry it', async () => {
    failuresLeft = 99;
    await enqueue('test.flaky', { n: 1 });
    expect((await runner.drain()).retried).toBe(1);
    let [row] = await jobRows();
    expect([row.status, row.attempts, row.last_error]).toEqual(['pending', 1, 'Error: WeChat said no']);
    const firstDelay = new Date(row.run_at).getTime() - t.clock.now().getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(12_000);
    expect(firstDelay).toBeLessThanOrEqual(18_000);
    expect((await runner.drain()).retried).toBe(0); // not due yet
    t.clock.advance(firstDelay);
    expect((await runner.drain()).retried).toBe(1);
    [row] = await jobRows();
    const secondDelay = new Date(row.run_at).getTime() - t.clock.now().getTime();
    expect(secondDelay).toBeGreaterThanOrEqual(24_000); // doubled
    t.clock.advance(secondDelay);
    expect((await runner.drain()).dead).toBe(1);
    [row] = await jobRows();
    expect([row.status, row.attempts]).toEqual(['dead', 3]);

    const owner = await t.loginAdmin();
    const list = await t.http.get('/api/v1/admin/jobs?status=dead', { token: owner });
    expect(list.body.items.map((j: { id: number }) => j.id)).toEqual([row.id]);
    failuresLeft = 0;
    const retried = await t.http.post(`/api/v1/admin/jobs/${row.id}/retry`, undefined, { token: owner });
    expect([retried.status, retried.body.status, retried.body.attempts]).toEqual([200, 'pending', 0]);
    expect((await runner.drain()).done).toBe(1);
    const again = await t.http.post(`/api/v1/admin/jobs/${row.id}/retry`, undefined, { token: owner });
    expect([again.status, again.body.code]).toEqual([409, 'JOB_NOT_RETRYABLE']);
  });

  it('sends a permanently failing job straight to dead', async () => {
    await enqueue('test.permanent', {});
    expect(await runner.drain()).toEqual({ done: 0, retried: 0, dead: 1 });
    expect((await jobRows())[0]).toMatchObject({ status: 'dead', attempts: 1, last_error: 'PermanentJobError: refused for good' });
  });

  it("takes over a crashed runner's job once its lease expires", async () => {
    await enqueue('test.record', { n: 7 });
    const now = t.clock.now();
    await t.sql("UPDATE job SET status = 'running', locked_by = 'crashed-host:1', locked_until = ?, attempts = 1", [
      new Date(now.getTime() + 30_000),
    ]);
    expect((await runner.drain()).done).toBe(0); // lease still held
    t.clock.advance(30_000);
    expect((await runner.drain()).done).toBe(1);
    expect((await jobRows())[0]).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('two instances draining the same jobs at once run each job exactly once', async () => {
    const other = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock });
    try {
      other.app.get(JobRegistry).defineJob('test.record', async (p, ctx) => {
        await new Promise((r) => setImmediate(r));
        seen.push({ id: ctx.jobId, n: p.n });
      });
      await tx.run(async (m) => {
        for (let n = 0; n < 300; n++) await jobs.enqueue(m, 'test.record', { n });
      });
      const [a, b] = await Promise.all([runner.drain(1000), other.app.get(JobRunner).drain(1000)]);
      expect(a.done + b.done).toBe(300);
      expect(a.done).toBeGreaterThan(0);
      expect(b.done).toBeGreaterThan(0);
      expect(seen).toHaveLength(300);
      expect(new Set(seen.map((s) => s.id)).size).toBe(300);
      expect(await t.sql("SELECT COUNT(*) AS n FROM job WHERE status = 'done' AND attempts = 1")).toEqual([{ n: 300 }]);
    } finally {
      await other.close();
    }
  });

  it('runs a periodic sweep once per interval however many instances tick', async () => {
    let runs = 0;
    t.app.get(JobRegistry).defineSweep('test.sweep', 60_000, async () => ++runs);
    const other = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock });
    try {
      other.app.get(JobRegistry).defineSweep('test.sweep', 60_000, async () => ++runs);
      await Promise.all([runner.runDue(), other.app.get(JobRunner).runDue(), runner.runDue()]);
      expect(runs).toBe(1);
      t.clock.advance(30_000);
      await Promise.all([runner.runDue(), other.app.get(JobRunner).runDue()]);
      expect(runs).toBe(1);
      t.clock.advance(30_000);
      await Promise.all([runner.runDue(), other.app.get(JobRunner).runDue()]);
      expect(runs).toBe(2);
    } finally {
      await other.close();
    }
  });

  it('runs due work on an authenticated tick (scale-to-zero deployments)', async () => {
    await enqueue('test.record', { n: 42 });
    expect((await t.http.post('/api/v1/internal/jobs/tick')).status).toBe(401);
    expect((await t.http.post('/api/v1/internal/jobs/tick', undefined, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await t.http.post('/api/v1/internal/jobs/tick', undefined, {
      headers: { authorization: 'Bearer tick-token-0123456789abcdef' },
    });
    expect(res.status).toBe(200);
    expect(res.body.jobs).toEqual({ done: 1, retried: 0, dead: 0 });
    expect(seen.map((s) => s.n)).toEqual([42]);
    const disabled = await startTestApp({ database: t.db, wechat: t.wechat });
    try {
      expect((await disabled.http.post('/api/v1/internal/jobs/tick', undefined, { headers: { authorization: 'Bearer x' } })).status).toBe(
        404,
      );
    } finally {
      await disabled.close();
    }
  });
});

describe('in-process job loop', () => {
  it('runs enqueued jobs on its own when JOBS_IN_PROCESS=true', async () => {
    const t = await startTestApp({ env: { JOBS_IN_PROCESS: 'true', JOBS_POLL_MS: '50' } });
    try {
      const done: number[] = [];
      t.app.get(JobRegistry).defineJob('test.loop', async (p) => {
        done.push(p.n);
      });
      await t.app.get(TransactionRunner).run((m) => t.app.get(JobsService).enqueue(m, 'test.loop', { n: 1 }));
      for (let i = 0; i < 100 && done.length === 0; i++) await new Promise((r) => setTimeout(r, 50)); // the real timer loop under test
      expect(done).toEqual([1]);
    } finally {
      await t.close();
    }
  });
});
