import { ManualClock } from '@app/common/testing';
import { TransactionRunner } from '@app/database';
import { JobRegistry, JobsService, PermanentJobError } from '@app/jobs';
import { createShopProduct, EXPIRE_SWEEP, JobRunner, startTestApp, type TestApp } from '@app/testing';
import {
  applyRefund,
  buyAndPay,
  drainJobs,
  earn,
  type PayWorld,
  product,
  promoter,
  shipAndComplete,
  shopper,
  startDistWorld,
  withdraw,
} from '../distribution/dist-fixtures';
import { buy, NOTIFY, pressPay, REFUND_NOTIFY } from '../payments/pay-fixtures';
import { type Buyer, cancel, newBuyer, order, pay, refund, rollUp } from './report-fixtures';

// This file's job type (in the typed map like any lib's): a job that can only die.
declare module '@app/jobs' {
  interface JobPayloads {
    'test.doomed': object;
  }
}

/**
 * The dashboard and the sales and product reports: business days in SHOP_TIMEZONE (Asia/Shanghai) whatever UTC says,
 * today live and earlier days from the rollups, to-do counters, sorting, ranges and roles.
 */
describe('dashboard and reports', () => {
  let t: TestApp;
  let owner: string;
  let viewer: string;
  let shopper: string;
  let a: Buyer;
  let b: Buyer;
  let skus: number[];
  let productIds: number[];
  // 2026-11-29 23:59:30 in Shanghai (15:59:30 UTC): the next payment lands on the 30th there, on the 29th in UTC.
  const clock = new ManualClock(Date.parse('2026-11-29T15:59:30Z'));

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PAYMENT_PROVIDER: 'mock', MAX_UNPAID_ORDERS: '0', LOW_STOCK_THRESHOLD: '5' } });
    owner = await t.loginAdmin();
    viewer = await t.createAdmin('viewer');
    shopper = (await t.loginUser()).token;
    const p1 = await createShopProduct(t, owner, [
      { price: 1000, stock: 100 },
      { price: 3000, stock: 3 },
    ]);
    const p2 = await createShopProduct(t, owner, [{ price: 20_000, stock: 100 }]);
    skus = [...p1.skuIds, ...p2.skuIds];
    productIds = [p1.productId, p2.productId];
    a = await newBuyer(t);
    b = await newBuyer(t);

    // 29th, 23:59:30 Shanghai: a pays 2 x 1000 + 1 x 20000 (+ free shipping over 99 yuan).
    const o1 = await order(t, a, [
      { skuId: skus[0]!, quantity: 2 },
      { skuId: skus[2]!, quantity: 1 },
    ]);
    await pay(t, a, o1);
    // 30th, 00:00:10 Shanghai (still the 29th in UTC): b pays 1 x 3000 + shipping 1000; a pays again.
    clock.set(Date.parse('2026-11-29T16:00:10Z'));
    const o2 = await order(t, b, [{ skuId: skus[1]!, quantity: 1 }]);
    await pay(t, b, o2);
    const o3 = await order(t, a, [{ skuId: skus[0]!, quantity: 1 }]);
    await pay(t, a, o3);
    // An unpaid order and a cancelled one count nowhere.
    await order(t, b, [{ skuId: skus[0]!, quantity: 1 }]);
    await cancel(t, b, await order(t, b, [{ skuId: skus[0]!, quantity: 1 }]));
    // 30th, 08:00: a refunds one unit of the 29th's first line (1000).
    clock.set(Date.parse('2026-11-30T00:00:00Z'));
    expect(await refund(t, owner, a, o1, [{ orderItemId: o1.items[0]!.id, quantity: 1 }])).toBe(true);
    await rollUp(t);
  });
  afterAll(() => t?.close());

  it('answers the dashboard by Shanghai days: today live, yesterday, series, top products and to-dos', async () => {
    const res = await t.http.get('/api/v1/admin/dashboard', { token: viewer });
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.timeZone).toBe('Asia/Shanghai');
    expect(d.today).toEqual({
      day: '2026-11-30',
      gmv: 3000 + 1000 + 1000 + 1000,
      orders: 2,
      buyers: 2,
      newBuyers: 1,
      averageOrderValue: 3000,
      units: 2,
      refunds: 1,
      refundAmount: 1000,
      netSales: 5000,
    });
    expect(d.yesterday).toEqual({
      day: '2026-11-29',
      gmv: 22_000,
      orders: 1,
      buyers: 1,
      newBuyers: 1,
      averageOrderValue: 22_000,
      units: 3,
      refunds: 0,
      refundAmount: 0,
      netSales: 22_000,
    });
    expect(d.last7Days).toHaveLength(7);
    expect(d.last30Days).toHaveLength(30);
    expect(d.last30Days[0].day).toBe('2026-11-01');
    expect(d.last7Days.slice(-2)).toEqual([d.yesterday, d.today]);
    expect(d.topProducts.map((p: { productId: number; units: number; gmv: number }) => [p.productId, p.units, p.gmv])).toEqual([
      [productIds[1], 1, 20_000],
      [productIds[0], 4, 6000],
    ]);
    expect(d.topProducts[0].title).toMatch(/测试商品/);
    expect(d.todos).toEqual({
      ordersToShip: 3,
      afterSalesWaiting: 0,
      refundsAbnormal: 0,
      lowStockSkus: 1, // the 3000 SKU: 3 - 1 sold = 2 <= 5
      deadJobs: 0,
      heldReviews: 0,
      withdrawalsWaiting: 0,
    });
  });

  it('serves the same days from the rollups once today is over', async () => {
    clock.set(Date.parse('2026-12-01T01:00:00Z')); // Dec 1st, 09:00 Shanghai
    await rollUp(t);
    const d = (await t.http.get('/api/v1/admin/dashboard', { token: viewer })).body;
    expect(d.today).toMatchObject({ day: '2026-12-01', orders: 0, gmv: 0 });
    expect(d.yesterday).toMatchObject({ day: '2026-11-30', gmv: 6000, refunds: 1 });
    expect(d.last7Days.slice(-3).map((x: { gmv: number }) => x.gmv)).toEqual([22_000, 6000, 0]);
    clock.set(Date.parse('2026-11-30T00:00:00Z'));
  });

  it('reports sales by day, week and month, sorted as asked', async () => {
    const day = await t.http.get('/api/v1/admin/reports/sales?from=2026-11-28&to=2026-11-30', { token: viewer });
    expect(day.status).toBe(200);
    expect(day.body.rows.map((r: { period: string; gmv: number; orders: number }) => [r.period, r.gmv, r.orders])).toEqual([
      ['2026-11-28', 0, 0],
      ['2026-11-29', 22_000, 1],
      ['2026-11-30', 6000, 2],
    ]);
    expect(day.body.totals).toEqual({
      gmv: 28_000,
      orders: 3,
      newBuyers: 2,
      averageOrderValue: 9333,
      refunds: 1,
      refundAmount: 1000,
      netSales: 27_000,
    });
    const sorted = await t.http.get('/api/v1/admin/reports/sales?from=2026-11-28&to=2026-11-30&sort=gmv&order=desc', { token: viewer });
    expect(sorted.body.rows.map((r: { period: string }) => r.period)).toEqual(['2026-11-29', '2026-11-30', '2026-11-28']);
    // The 29th is a Sunday: its week starts on the 23rd; the 30th starts the next one.
    const week = await t.http.get('/api/v1/admin/reports/sales?granularity=week&from=2026-11-29&to=2026-11-30', { token: viewer });
    expect(week.body).toMatchObject({ from: '2026-11-23', to: '2026-12-06' });
    expect(week.body.rows.map((r: { period: string; gmv: number; buyers: number }) => [r.period, r.gmv, r.buyers])).toEqual([
      ['2026-11-23', 22_000, 1],
      ['2026-11-30', 6000, 2],
    ]);
    const month = await t.http.get('/api/v1/admin/reports/sales?granularity=month&from=2026-11-15&to=2026-11-15', { token: viewer });
    expect(month.body.rows).toEqual([
      {
        period: '2026-11-01',
        gmv: 28_000,
        orders: 3,
        buyers: 2,
        newBuyers: 2,
        averageOrderValue: 9333,
        refunds: 1,
        refundAmount: 1000,
        netSales: 27_000,
      },
    ]);
  });

  it('reports products, SKUs and categories with refund rates, sortable and paged', async () => {
    const q = 'from=2026-11-29&to=2026-11-30';
    const products = await t.http.get(`/api/v1/admin/reports/products?${q}`, { token: viewer });
    expect(products.status).toBe(200);
    expect(products.body.total).toBe(2);
    expect(
      products.body.items.map((r: { productId: number; units: number; refundUnits: number; refundRate: number }) => [
        r.productId,
        r.units,
        r.refundUnits,
        r.refundRate,
      ]),
    ).toEqual([
      [productIds[1], 1, 0, 0],
      [productIds[0], 4, 1, 0.25],
    ]);
    const bySku = await t.http.get(`/api/v1/admin/reports/products?${q}&groupBy=sku&sort=refundRate&order=desc&pageSize=1`, {
      token: viewer,
    });
    expect(bySku.body).toMatchObject({
      total: 3,
      pageSize: 1,
      items: [{ skuId: skus[0], units: 3, refundUnits: 1, refundRate: 0.3333, specText: '款1' }],
    });
    const categories = await t.http.get(`/api/v1/admin/reports/products?${q}&groupBy=category`, { token: viewer });
    expect(categories.body.items).toHaveLength(1);
    expect(categories.body.items[0]).toMatchObject({ productId: null, skuId: null, units: 5, gmv: 26_000 });
  });

  it('refuses bad ranges with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-02-30&to=2026-03-01', 'from'],
      ['from=2026-03-02&to=2026-03-01', 'to'],
      ['from=2020-01-01&to=2026-03-01', 'to'],
      ['from=2026-3-1&to=2026-03-01', 'from'],
      ['to=2026-03-01', 'from'],
    ]) {
      const res = await t.http.get(`/api/v1/admin/reports/sales?${query}`, { token: viewer });
      expect([query, res.status, res.body.code, res.body.details.fields[0].field]).toEqual([query, 400, 'VALIDATION_FAILED', field]);
    }
  });

  it('is for admins only', async () => {
    for (const path of ['/api/v1/admin/dashboard', '/api/v1/admin/reports/sales?from=2026-11-01&to=2026-11-02']) {
      expect((await t.http.get(path)).status).toBe(401);
      expect((await t.http.get(path, { token: shopper })).status).toBe(403);
    }
  });
});

/** Each to-do counter counts exactly what waits: one of each made through the routes (a dead job by the job runner). */
describe('dashboard to-do counters', () => {
  let w: PayWorld;
  let viewer: string;
  beforeAll(async () => {
    w = await startDistWorld({ LOW_STOCK_THRESHOLD: '5' });
    viewer = await w.t.createAdmin('viewer');
    w.t.app.get(JobRegistry).defineJob('test.doomed', () => Promise.reject(new PermanentJobError('refused for good')));
  });
  afterAll(() => w?.close());

  it('counts one order to ship, after-sale waiting, abnormal refund, dead job, held review, withdrawal and low-stock SKU', async () => {
    const expected = {
      ordersToShip: 0,
      afterSalesWaiting: 0,
      refundsAbnormal: 0,
      lowStockSkus: 0,
      deadJobs: 0,
      heldReviews: 0,
      withdrawalsWaiting: 0,
    };
    /** The dashboard after one more of `counter` (and nothing else) was made. */
    const oneMore = async (counter: keyof typeof expected): Promise<void> => {
      expected[counter]++;
      const res = await w.t.http.get('/api/v1/admin/dashboard', { token: viewer });
      expect([res.status, res.body.todos]).toEqual([200, expected]);
    };
    expect((await w.t.http.get('/api/v1/admin/dashboard', { token: viewer })).body.todos).toEqual(expected);

    // A promoter's settled commission (a bound buyer's completed order, past the freeze), asked for.
    const p = await promoter(w);
    await earn(w, p, 1000);
    const applied = await withdraw(w, p, 1000);
    expect([applied.status, applied.body.status]).toEqual([201, 'applied']);
    await oneMore('withdrawalsWaiting');

    // A review WeChat's msgSecCheck sends to the shop's moderation queue.
    const prod = await product(w, [1000, 2000, 3000]);
    const reviewer = await shopper(w);
    const received = await buyAndPay(w, reviewer, [{ skuId: prod.skuIds[0]!, quantity: 1 }]);
    await shipAndComplete(w, received);
    const held = await w.t.http.post(
      '/api/v1/reviews',
      { orderItemId: received.items[0]!.id, rating: 2, content: 'REVIEW 这句话需要人工看' },
      { token: reviewer.token },
    );
    expect([held.status, held.body.status]).toEqual([201, 'held']);
    await oneMore('heldReviews');

    // A buyer's refund request on a shipped order, not yet decided.
    const shipped = await buyAndPay(w, reviewer, [{ skuId: prod.skuIds[1]!, quantity: 1 }]);
    const s = await w.t.http.post(
      `/api/v1/admin/orders/${shipped.orderId}/ship`,
      { expressCompany: 'SF', trackingNo: `SF${shipped.orderId}00001` },
      { token: w.owner },
    );
    expect(s.status).toBe(200);
    await applyRefund(w, shipped, [{ orderItemId: shipped.items[0]!.id, quantity: 1 }]);
    await oneMore('afterSalesWaiting');

    // A paid order nobody has shipped yet.
    await buyAndPay(w, reviewer, [{ skuId: prod.skuIds[2]!, quantity: 1 }]);
    await oneMore('ordersToShip');

    // A SKU at the threshold.
    await createShopProduct(w.t, w.owner, [{ price: 500, stock: 5 }]);
    await oneMore('lowStockSkus');

    // A payment that arrives after its order expired is refunded in full; WeChat Pay reports the refund ABNORMAL.
    const late = await buy(w);
    await pressPay(w, late);
    w.t.clock.advanceMinutes(31);
    await w.t.app.get(JobRunner).runSweep(EXPIRE_SWEEP);
    w.pay.pay(late.orderNo);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(late.orderNo))).status).toBe(204);
    await drainJobs(w);
    const [r] = await w.t.sql('SELECT out_refund_no, status, late_payment FROM refund WHERE order_id = ?', [late.orderId]);
    expect([r.status, r.late_payment]).toEqual(['processing', 1]);
    w.pay.settleRefund(r.out_refund_no, 'ABNORMAL');
    expect((await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(r.out_refund_no))).status).toBe(204);
    await oneMore('refundsAbnormal');

    // A job the runner gave up on (no route makes one die: a job type of this file's that always fails for good).
    await w.t.app.get(TransactionRunner).run((m) => w.t.app.get(JobsService).enqueue(m, 'test.doomed', {}));
    expect((await w.t.app.get(JobRunner).drain()).dead).toBe(1);
    await oneMore('deadJobs');
  });
});
