import { JobRunner } from '@app/jobs/testing';
import type { Day } from '@app/reports';
import { BusinessCalendar, ROLLUP_SWEEP } from '@app/reports/testing';
import { createAddress, placeOrder, type TestApp } from '@app/testing';

/*
 * A shop driven through its public routes with the mock payment provider (paid through the dev route, refunds
 * succeed at once), and the rollups recomputed independently of reports' SQL: from the raw rows, in code.
 */

export interface Buyer {
  token: string;
  userId: number;
  addressId: number;
}

export async function newBuyer(t: TestApp): Promise<Buyer> {
  const { token, userId } = await t.loginUser();
  return { token, userId, addressId: await createAddress(t, token) };
}

export interface PlacedOrder {
  id: number;
  orderNo: string;
  items: { id: number; quantity: number }[];
}

export async function order(t: TestApp, b: Buyer, lines: { skuId: number; quantity: number }[]): Promise<PlacedOrder> {
  const res = await placeOrder(t, b.token, { items: lines, addressId: b.addressId });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  return {
    id: res.body.id,
    orderNo: res.body.orderNo,
    items: res.body.items.map((i: { id: number; quantity: number }) => ({ id: i.id, quantity: i.quantity })),
  };
}

export async function pay(t: TestApp, b: Buyer, o: PlacedOrder): Promise<void> {
  const pressed = await t.http.post(`/api/v1/orders/${o.id}/pay`, undefined, { token: b.token });
  if (pressed.status !== 200) throw new Error(`pay: ${pressed.status} ${pressed.text}`);
  const paid = await t.http.post(`/api/v1/dev/payments/${o.orderNo}/succeed`);
  if (paid.status !== 200) throw new Error(`succeed: ${paid.status} ${paid.text}`);
}

export async function cancel(t: TestApp, b: Buyer, o: PlacedOrder): Promise<void> {
  const res = await t.http.post(`/api/v1/orders/${o.id}/cancel`, undefined, { token: b.token });
  if (res.status !== 200) throw new Error(`cancel: ${res.status} ${res.text}`);
}

/** A refund-only request for some units, approved, and its refund run (the mock provider succeeds at once). */
export async function refund(
  t: TestApp,
  owner: string,
  b: Buyer,
  o: PlacedOrder,
  items: { orderItemId: number; quantity: number }[],
): Promise<boolean> {
  const applied = await t.http.post(
    '/api/v1/after-sales',
    { orderId: o.id, type: 'refund_only', items, reason: 'other' },
    { token: b.token },
  );
  if (applied.status !== 201) return false;
  const approved = await t.http.post(`/api/v1/admin/after-sales/${applied.body.id}/approve`, {}, { token: owner });
  if (approved.status !== 200) throw new Error(`approve: ${approved.status} ${approved.text}`);
  await t.app.get(JobRunner).drain();
  return true;
}

export const rollUp = (t: TestApp): Promise<number> => t.app.get(JobRunner).runSweep(ROLLUP_SWEEP);

interface DayR {
  day: number;
  orders: number;
  gmv: number;
  buyers: number;
  newBuyers: number;
  units: number;
  refunds: number;
  refundAmount: number;
}
interface SkuR {
  day: number;
  skuId: number;
  productId: number;
  units: number;
  gmv: number;
  refundUnits: number;
  refundAmount: number;
}
interface PeriodR {
  granularity: string;
  periodStart: number;
  buyers: number;
}
export interface Rollups {
  days: DayR[];
  skus: SkuR[];
  periods: PeriodR[];
}

/** What report_day, report_sku_day and report_period must hold, computed here from the raw rows. */
export async function expectedRollups(t: TestApp, timeZone = 'Asia/Shanghai'): Promise<Rollups> {
  const cal = new BusinessCalendar(timeZone);
  const orders = await t.sql<{ id: number; user_id: number; paid_at: Date; paid_amount: number }>(
    'SELECT id, user_id, paid_at, paid_amount FROM orders WHERE paid_at IS NOT NULL',
  );
  const items = await t.sql<{
    order_id: number;
    sku_id: number;
    product_id: number;
    quantity: number;
    line_total: number;
    refunded_quantity: number;
    refunded_amount: number;
  }>('SELECT order_id, sku_id, product_id, quantity, line_total, refunded_quantity, refunded_amount FROM order_item');
  const refunds = await t.sql<{ amount: number; succeeded_at: Date | null; status: string; late_payment: number }>(
    'SELECT amount, succeeded_at, status, late_payment FROM refund',
  );
  const days = new Map<Day, DayR & { users: Set<number> }>();
  const day = (d: Day): DayR & { users: Set<number> } => {
    let r = days.get(d);
    if (!r)
      days.set(d, (r = { day: d, orders: 0, gmv: 0, buyers: 0, newBuyers: 0, units: 0, refunds: 0, refundAmount: 0, users: new Set() }));
    return r;
  };
  const firstPaid = new Map<number, number>();
  for (const o of orders) firstPaid.set(o.user_id, Math.min(firstPaid.get(o.user_id) ?? Infinity, o.paid_at.getTime()));
  const paidDay = new Map<number, Day>();
  for (const o of orders) {
    const d = cal.dayOf(o.paid_at);
    paidDay.set(o.id, d);
    const r = day(d);
    r.orders++;
    r.gmv += o.paid_amount;
    r.users.add(o.user_id);
  }
  const newBy = new Map<Day, Set<number>>();
  for (const [user, t0] of firstPaid) {
    const d = cal.dayOf(new Date(t0));
    newBy.set(d, (newBy.get(d) ?? new Set()).add(user));
  }
  const skus = new Map<string, SkuR>();
  for (const i of items) {
    const d = paidDay.get(i.order_id);
    if (d === undefined) continue;
    day(d).units += i.quantity;
    const key = `${d}:${i.sku_id}`;
    const s = skus.get(key) ?? { day: d, skuId: i.sku_id, productId: i.product_id, units: 0, gmv: 0, refundUnits: 0, refundAmount: 0 };
    s.units += i.quantity;
    s.gmv += i.line_total;
    s.refundUnits += i.refunded_quantity;
    s.refundAmount += i.refunded_amount;
    skus.set(key, s);
  }
  for (const r of refunds) {
    if (r.status !== 'succeeded' || r.late_payment || !r.succeeded_at) continue;
    const x = day(cal.dayOf(r.succeeded_at));
    x.refunds++;
    x.refundAmount += r.amount;
  }
  const periods = new Map<string, { granularity: string; periodStart: number; users: Set<number> }>();
  for (const o of orders) {
    const d = cal.dayOf(o.paid_at);
    for (const [g, start] of [
      ['week', weekStart(d)],
      ['month', Math.floor(d / 100) * 100 + 1],
    ] as const) {
      const k = `${g}:${start}`;
      const p = periods.get(k) ?? { granularity: g, periodStart: start, users: new Set<number>() };
      p.users.add(o.user_id);
      periods.set(k, p);
    }
  }
  return {
    days: [...days.values()]
      .map(({ users, ...r }) => ({ ...r, buyers: users.size, newBuyers: newBy.get(r.day)?.size ?? 0 }))
      .sort((a, b) => a.day - b.day),
    skus: [...skus.values()].sort((a, b) => a.day - b.day || a.skuId - b.skuId),
    periods: [...periods.values()]
      .map((p) => ({ granularity: p.granularity, periodStart: p.periodStart, buyers: p.users.size }))
      .sort((a, b) => a.granularity.localeCompare(b.granularity) || a.periodStart - b.periodStart),
  };
}

function weekStart(d: Day): Day {
  const t = new Date(Date.UTC(Math.floor(d / 10_000), (Math.floor(d / 100) % 100) - 1, d % 100));
  const back = (t.getUTCDay() + 6) % 7;
  const m = new Date(t.getTime() - back * 86_400_000);
  return m.getUTCFullYear() * 10_000 + (m.getUTCMonth() + 1) * 100 + m.getUTCDate();
}

/** What the rollup tables hold, in the same shape. */
export async function storedRollups(t: TestApp): Promise<Rollups> {
  const num = <R>(rows: Record<string, unknown>[]): R[] =>
    rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'granularity' ? v : Number(v)])) as R);
  return {
    days: num<DayR>(
      await t.sql(
        'SELECT day, orders, gmv, buyers, new_buyers AS newBuyers, units, refunds, refund_amount AS refundAmount FROM report_day ORDER BY day',
      ),
    ),
    skus: num<SkuR>(
      await t.sql(
        'SELECT day, sku_id AS skuId, product_id AS productId, units, gmv, refund_units AS refundUnits, refund_amount AS refundAmount ' +
          'FROM report_sku_day ORDER BY day, sku_id',
      ),
    ),
    periods: num(
      await t.sql('SELECT granularity, period_start AS periodStart, buyers FROM report_period ORDER BY granularity, period_start'),
    ),
  };
}
