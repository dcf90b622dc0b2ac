import { randomInt } from 'node:crypto';
import { runReportsCli } from '@app/api';
import { ManualClock } from '@app/common/testing';
import { RollupsService } from '@app/reports/testing';
import { createShopProduct, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { couponFor } from '../promotions/coupon-fixtures';
import {
  type Buyer,
  cancel,
  expectedRollups,
  newBuyer,
  order,
  pay,
  type PlacedOrder,
  refund,
  rollUp,
  storedRollups,
} from './report-fixtures';

/**
 * The rollups equal a recomputation from the raw rows (done here in code, not with reports' SQL) after a randomized
 * run of orders, cancellations and partial and full refunds whose payments and refunds straddle midnights in the
 * shop's time zone (Asia/Shanghai: UTC 16:00), with the sweep run at random points, at once on two instances, and a
 * rebuild.
 */
describe('rollups', () => {
  let t: TestApp;
  let owner: string;
  // 23:20 in Shanghai on 2026-11-27 (a Friday): the run crosses two midnights and a week boundary (Monday).
  const clock = new ManualClock(Date.parse('2026-11-27T15:20:00Z'));

  // A second instance on the same database: its sweep runs beside the first one's.
  let other: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ clock, env: { PAYMENT_PROVIDER: 'mock', MAX_UNPAID_ORDERS: '0' } });
    other = await startTestApp({ clock, database: t.db, wechat: t.wechat, env: { PAYMENT_PROVIDER: 'mock' } });
    owner = await t.loginAdmin();
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  it('equal a recomputation from the raw rows after a randomized run across midnights', async () => {
    const products = [
      await createShopProduct(t, owner, [
        { price: 1990, stock: 1000 },
        { price: 2990, stock: 1000 },
      ]),
      await createShopProduct(t, owner, [{ price: 12_900, stock: 1000 }]),
    ];
    const skus = products.flatMap((p) => p.skuIds);
    const buyers: Buyer[] = [];
    for (let i = 0; i < 6; i++) buyers.push(await newBuyer(t));
    const paid: { b: Buyer; o: PlacedOrder }[] = [];
    const rounds = 70;
    for (let i = 0; i < rounds; i++) {
      // Minutes apart, more often around midnight: 70 rounds of ~2-40 minutes cover about two days.
      clock.advanceMinutes(randomInt(2, 60));
      const b = buyers[randomInt(0, buyers.length)]!;
      const roll = randomInt(0, 10);
      if (roll < 5 || paid.length === 0) {
        const lines = [...new Set([skus[randomInt(0, skus.length)]!, skus[randomInt(0, skus.length)]!])].map((skuId) => ({
          skuId,
          quantity: randomInt(1, 4),
        }));
        const o = await order(t, b, lines);
        if (roll === 4) await cancel(t, b, o);
        else {
          await pay(t, b, o);
          paid.push({ b, o });
        }
      } else if (roll < 8) {
        // A refund, of some units or all, of any earlier paid order: often paid before the last midnight.
        const { b: buyer, o } = paid[randomInt(0, paid.length)]!;
        const item = o.items[randomInt(0, o.items.length)]!;
        await refund(t, owner, buyer, o, [{ orderItemId: item.id, quantity: randomInt(1, item.quantity + 1) }]);
      } else if (roll === 8) {
        await rollUp(t);
      } else {
        await Promise.all([rollUp(t), other.app.get(RollupsService).catchUp(), t.app.get(RollupsService).catchUp()]);
      }
    }
    await rollUp(t);
    const expected = await expectedRollups(t);
    expect(expected.days.length).toBeGreaterThanOrEqual(2);
    expect(expected.days.some((d) => d.refunds > 0)).toBe(true);
    // Some refund settled on a later Shanghai day than its order was paid (the rollup of the paid day moved too).
    const straddling = await t.sql(
      "SELECT COUNT(*) AS n FROM refund r JOIN orders o ON o.id = r.order_id WHERE r.status = 'succeeded' " +
        'AND FLOOR(UNIX_TIMESTAMP(r.succeeded_at + INTERVAL 8 HOUR) / 86400) > FLOOR(UNIX_TIMESTAMP(o.paid_at + INTERVAL 8 HOUR) / 86400)',
    );
    expect(Number(straddling[0].n)).toBeGreaterThan(0);
    expect(await storedRollups(t)).toEqual(expected);

    // Long after (the watermark passes every event): still equal; and a rebuild from scratch gives the same rows.
    clock.advanceMinutes(30);
    await rollUp(t);
    expect(await storedRollups(t)).toEqual(expected);
    await t.sql('DELETE FROM report_sku_day WHERE day > 0');
    await t.sql('UPDATE report_day SET gmv = gmv + 1');
    await t.app.get(RollupsService).rebuild();
    expect(await storedRollups(t)).toEqual(expected);
    const [state] = await t.sql('SELECT order_event_id, refund_event_id FROM report_rollup_state');
    const [last] = await t.sql('SELECT (SELECT MAX(id) FROM order_event) AS o, (SELECT MAX(id) FROM refund_event) AS r');
    expect([state.order_event_id, state.refund_event_id]).toEqual([last.o, last.r]);
  }, 120_000);

  it('recomputes a day only for events not covered yet, though the lagging watermark reads them again', async () => {
    const { skuIds } = await createShopProduct(t, owner, [{ price: 990, stock: 100 }]);
    const b = await newBuyer(t);
    const updatedAt = async (): Promise<number> => {
      const [row] = await t.sql('SELECT updated_at FROM report_day ORDER BY day DESC LIMIT 1');
      return new Date(row.updated_at as string).getTime();
    };
    await pay(t, b, await order(t, b, [{ skuId: skuIds[0]!, quantity: 1 }]));
    clock.advanceMinutes(1);
    await rollUp(t);
    const first = await updatedAt();
    // A minute later the payment is still within the lag: read again, its day not recomputed.
    clock.advanceMinutes(1);
    expect(await rollUp(t)).toBeGreaterThan(0);
    expect(await updatedAt()).toBe(first);
    // A new payment of the same day: recomputed.
    await pay(t, b, await order(t, b, [{ skuId: skuIds[0]!, quantity: 2 }]));
    clock.advanceMinutes(1);
    await rollUp(t);
    expect(await updatedAt()).toBe(first + 120_000);
    expect(await storedRollups(t)).toEqual(await expectedRollups(t));
    clock.advanceMinutes(10);
    await rollUp(t);
    expect(await storedRollups(t)).toEqual(await expectedRollups(t));
  }, 60_000);

  it('npm run reports -- seed adds orders the rollups agree with, and rebuild recomputes them', async () => {
    const out: string[] = [];
    const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) } } as unknown as Parameters<
      typeof runReportsCli
    >[1];
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = t.db.url;
    try {
      expect(await runReportsCli(['seed', '--orders', '400', '--buyers', '60', '--days', '20', '--products', '8'], io)).toBe(0);
      expect(out.join('')).toMatch(/rebuild: \d+ business days \(Asia\/Shanghai\)/);
      expect(await storedRollups(t)).toEqual(await expectedRollups(t));
      await t.sql('UPDATE report_day SET orders = orders + 1');
      expect(await runReportsCli(['rebuild'], io)).toBe(0);
      expect(await storedRollups(t)).toEqual(await expectedRollups(t));
      expect(await runReportsCli(['seed', '--orders', 'many'], io)).toBe(2);
    } finally {
      // Assigning undefined would store the string 'undefined' (for the next test files of this Jest worker).
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
  }, 120_000);

  it('count what was paid: a coupon order sells for its paid amounts per SKU and in GMV, live today and rolled up', async () => {
    // Noon in Shanghai, weeks after anything earlier in this file (the seeded orders included): the day holds this order only.
    const noon = new Date(clock.now().getTime() + 40 * 86_400_000);
    noon.setUTCHours(4, 0, 0, 0);
    clock.set(noon);
    const day = noon.toISOString().slice(0, 10);
    const admin = await t.loginAdmin();
    const { productId, skuIds } = await createShopProduct(t, admin, [
      { price: 3333, stock: 100 },
      { price: 1001, stock: 100 },
    ]);
    const b = await newBuyer(t);
    const couponId = await couponFor(t, admin, b.token, { kind: 'amount_off', amount: 1000, threshold: 10_000 });
    const res = await placeOrder(t, b.token, {
      items: [
        { skuId: skuIds[0]!, quantity: 3 },
        { skuId: skuIds[1]!, quantity: 1 },
      ],
      addressId: b.addressId,
      couponId,
    });
    expect(res.status).toBe(201);
    // 9999 + 1001 = 11000; 1000 off shared 909 / 91.
    expect(res.body.items.map((i: { lineTotal: number; paidAmount: number }) => [i.lineTotal, i.paidAmount])).toEqual([
      [9999, 9090],
      [1001, 910],
    ]);
    const payAmount = res.body.payAmount as number;
    expect(payAmount).toBe(10_000 + (res.body.shippingFee as number));
    const o: PlacedOrder = { id: res.body.id, orderNo: res.body.orderNo, items: res.body.items };
    await pay(t, b, o);
    // One unit of the first line back: its share of what was paid for the line (9090 / 3), not of the line total.
    expect(await refund(t, admin, b, o, [{ orderItemId: o.items[0]!.id, quantity: 1 }])).toBe(true);

    const report = async () => {
      const skus = await t.http.get(`/api/v1/admin/reports/products?from=${day}&to=${day}&groupBy=sku`, { token: admin });
      const product = await t.http.get(`/api/v1/admin/reports/products?from=${day}&to=${day}&groupBy=product`, { token: admin });
      const sales = await t.http.get(`/api/v1/admin/reports/sales?from=${day}&to=${day}`, { token: admin });
      return {
        skus: skus.body.items.map((r: Record<string, unknown>) => [r.skuId, r.units, r.gmv, r.refundUnits, r.refundAmount]),
        product: product.body.items.map((r: Record<string, unknown>) => [r.productId, r.units, r.gmv]),
        sales: sales.body.rows.map((r: Record<string, unknown>) => [r.period, r.orders, r.gmv, r.refunds, r.refundAmount]),
      };
    };
    const expected = {
      skus: [
        [skuIds[0], 3, 9090, 1, 3030],
        [skuIds[1], 1, 910, 0, 0],
      ],
      product: [[productId, 4, 10_000]],
      sales: [[day, 1, payAmount, 1, 3030]],
    };
    // Today: live.
    expect(await report()).toEqual(expected);
    // After midnight: the same day from the rollups.
    clock.advance(86_400_000);
    await rollUp(t);
    const [row] = await t.sql('SELECT orders, gmv FROM report_day WHERE day = ?', [Number(day.replaceAll('-', ''))]);
    expect([Number(row.orders), Number(row.gmv)]).toEqual([1, payAmount]);
    expect(await report()).toEqual(expected);
    expect(await storedRollups(t)).toEqual(await expectedRollups(t));
  }, 60_000);
});
