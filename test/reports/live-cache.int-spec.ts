import { ManualClock } from '@app/common/testing';
import { createShopProduct, startTestApp, type TestApp } from '@app/testing';
import { newBuyer, order, pay } from './report-fixtures';

/** REPORTS_LIVE_MAX_AGE_MS: the dashboard and today's report figures are reread every few seconds per instance, and say when. */
describe('live figures kept for a few seconds', () => {
  let t: TestApp;
  let viewer: string;
  // 2026-11-30 10:00 in Shanghai.
  const clock = new ManualClock(Date.parse('2026-11-30T02:00:00Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PAYMENT_PROVIDER: 'mock', REPORTS_LIVE_MAX_AGE_MS: '5000' } });
    viewer = await t.createAdmin('viewer');
  });
  afterAll(() => t?.close());

  it('serves the dashboard and the sales report up to the age, then reads the orders again', async () => {
    const owner = await t.loginAdmin();
    const p = await createShopProduct(t, owner, [{ price: 12_000, stock: 10 }]);
    const dashboard = async (): Promise<{ orders: number; ageMs: number; generatedAt: string }> => {
      const res = await t.http.get('/api/v1/admin/dashboard', { token: viewer });
      expect(res.status).toBe(200);
      return { orders: res.body.today.orders, ageMs: res.body.ageMs, generatedAt: res.body.generatedAt };
    };
    const report = async (): Promise<{ orders: number; liveAt: string | null }> => {
      const res = await t.http.get('/api/v1/admin/reports/sales?from=2026-11-30&to=2026-11-30', { token: viewer });
      expect(res.status).toBe(200);
      return { orders: res.body.totals.orders, liveAt: res.body.liveAt };
    };
    expect(await dashboard()).toEqual({ orders: 0, ageMs: 0, generatedAt: '2026-11-30T02:00:00.000Z' });
    expect(await report()).toEqual({ orders: 0, liveAt: '2026-11-30T02:00:00.000Z' });

    const b = await newBuyer(t);
    await pay(t, b, await order(t, b, [{ skuId: p.skuIds[0]!, quantity: 1 }]));
    clock.advance(4000);
    // Within the age: the figures read at 02:00:00, and how old they are.
    expect(await dashboard()).toEqual({ orders: 0, ageMs: 4000, generatedAt: '2026-11-30T02:00:00.000Z' });
    expect(await report()).toEqual({ orders: 0, liveAt: '2026-11-30T02:00:00.000Z' });

    // Past twice the age: read again before answering.
    clock.advance(6000);
    expect(await dashboard()).toEqual({ orders: 1, ageMs: 0, generatedAt: '2026-11-30T02:00:10.000Z' });
    expect(await report()).toEqual({ orders: 1, liveAt: '2026-11-30T02:00:10.000Z' });
    // A range that ends before today has no live part.
    const past = await t.http.get('/api/v1/admin/reports/sales?from=2026-11-01&to=2026-11-29', { token: viewer });
    expect(past.body.liveAt).toBeNull();
  });
});
