import { randomInt } from 'node:crypto';
import { runReportsCli } from '@app/api';
import { ManualClock } from '@app/common/testing';
import { RollupsService } from '@app/reports/testing';
import { createShopProduct, startTestApp, type TestApp } from '@app/testing';
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
});
