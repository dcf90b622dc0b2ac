import type { EntityManager } from 'typeorm';
import { dbDate, dbDateTime, execute, isDuplicateKeyError, select } from '@app/database';
import { addDays, bucketEnd, bucketStart, type BusinessCalendar, type Day, type Granularity } from './business-calendar';
import {
  DELETE_DAY,
  DELETE_DAYS_BEFORE,
  DELETE_PERIOD,
  DELETE_PERIODS_BEFORE,
  DELETE_SKU_DAY,
  DELETE_SKU_DAYS_BEFORE,
  type DayRow,
  FIRST_PAID_AT,
  INSERT_DAY,
  INSERT_PERIOD,
  INSERT_ROLLUP_STATE,
  insertSkuDays,
  LAST_EVENT_IDS,
  LOCK_ROLLUP_STATE,
  NEW_BUYERS,
  ORDER_EVENTS_AFTER,
  PAID_ORDERS,
  PAID_SKUS,
  REFUND_EVENTS_AFTER,
  SET_ROLLUP_STATE,
  SKU_DAY_COLUMNS,
  type SkuFacts,
  SUCCEEDED_REFUNDS,
} from './reports.sql';

/*
 * The rollups, as plain functions over an EntityManager (the service and the CLI share them).
 *
 * Incremental by recomputation: the sweep reads order and refund events after its watermark, finds the business days
 * they touch (the day an order was paid; the day a refund succeeded and the day its order was paid, whose SKU refund
 * figures it changes) and recomputes those days whole from the raw rows, with the same statements the live part of
 * today runs. Recomputing is idempotent, so an event seen twice, two instances, or a rebuild running beside the
 * sweep cannot double-count; a delta scheme could.
 *
 * The watermark is a pair of event ids, advanced only past events older than LAG: an id is allocated at insert and
 * seen at commit, so a lower id may still appear after a higher one; events newer than LAG are read again on the
 * next run (their days recomputed again, harmlessly) until they are older.
 */

export type RunTx = <T>(work: (m: EntityManager) => Promise<T>) => Promise<T>;

/** How long a transaction may hold an event id before committing it (statement timeouts keep them far shorter). */
export const LAG_MS = 5 * 60_000;
export const EVENT_BATCH = 2000;
const SKU_INSERT_BATCH = 200;

export interface DayFacts {
  day: DayRow;
  skus: SkuFacts[];
}

/** A business day's figures, read from the raw rows (the live part of today, and what a rollup row holds). */
export async function readDay(m: EntityManager, cal: BusinessCalendar, day: Day): Promise<DayFacts> {
  const [from, to] = cal.rangeOf(day).map((d) => dbDateTime(m, d));
  const [[paid], [fresh], [refunds], skus] = await Promise.all([
    select(m, PAID_ORDERS, [from, to]),
    select(m, NEW_BUYERS, [from, to, from]),
    select(m, SUCCEEDED_REFUNDS, [from, to]),
    select(m, PAID_SKUS, [from, to]),
  ]);
  const skuFacts = skus.map((s) => ({
    skuId: Number(s.skuId),
    productId: Number(s.productId),
    units: Number(s.units),
    gmv: Number(s.gmv),
    refundUnits: Number(s.refundUnits),
    refundAmount: Number(s.refundAmount),
  }));
  return {
    day: {
      day,
      orders: Number(paid?.orders ?? 0),
      gmv: Number(paid?.gmv ?? 0),
      buyers: Number(paid?.buyers ?? 0),
      newBuyers: Number(fresh?.n ?? 0),
      units: skuFacts.reduce((a, s) => a + s.units, 0),
      refunds: Number(refunds?.refunds ?? 0),
      refundAmount: Number(refunds?.amount ?? 0),
    },
    skus: skuFacts,
  };
}

/** Distinct buyers of a whole week or month. */
export async function readPeriodBuyers(m: EntityManager, cal: BusinessCalendar, g: Granularity, start: Day): Promise<number> {
  const [paid] = await select(m, PAID_ORDERS, [dbDateTime(m, cal.startOf(start)), dbDateTime(m, cal.startOf(bucketEnd(start, g)))]);
  return Number(paid?.buyers ?? 0);
}

/** Replaces the rollup rows of `days` (and, unless told not to, of the weeks and months holding them) with their figures now. */
export async function recompute(
  m: EntityManager,
  cal: BusinessCalendar,
  days: Iterable<Day>,
  now: Date,
  withPeriods = true,
): Promise<void> {
  const at = dbDateTime(m, now);
  const periods = new Map<string, [Granularity, Day]>();
  // Sequential: these run on one transaction's connection.
  for (const day of days) {
    const facts = await readDay(m, cal, day);
    const d = facts.day;
    await execute(m, DELETE_DAY, [day]);
    if (d.orders > 0 || d.refunds > 0) {
      await execute(m, INSERT_DAY, [day, d.orders, d.gmv, d.buyers, d.newBuyers, d.units, d.refunds, d.refundAmount, at]);
    }
    await execute(m, DELETE_SKU_DAY, [day]);
    for (let i = 0; i < facts.skus.length; i += SKU_INSERT_BATCH) {
      const batch = facts.skus.slice(i, i + SKU_INSERT_BATCH);
      const params = batch.flatMap((s) => SKU_DAY_COLUMNS.map((c) => (c === 'day' ? day : s[c])));
      await execute(m, insertSkuDays(batch.length), params);
    }
    for (const g of ['week', 'month'] as const) periods.set(`${g}:${bucketStart(day, g)}`, [g, bucketStart(day, g)]);
  }
  if (withPeriods) await recomputePeriods(m, cal, periods.values(), now);
}

/** Replaces the distinct-buyer rows of whole weeks and months. */
export async function recomputePeriods(
  m: EntityManager,
  cal: BusinessCalendar,
  periods: Iterable<[Granularity, Day]>,
  now: Date,
): Promise<void> {
  const at = dbDateTime(m, now);
  for (const [g, start] of periods) {
    const buyers = await readPeriodBuyers(m, cal, g, start);
    await execute(m, DELETE_PERIOD, [g, start]);
    if (buyers > 0) await execute(m, INSERT_PERIOD, [g, start, buyers, at]);
  }
}

async function lockState(m: EntityManager, now: Date): Promise<{ orderEventId: number; refundEventId: number }> {
  let [state] = await select(m, LOCK_ROLLUP_STATE, []);
  if (!state) {
    // The migration writes the row; the embedded demo database (built from the entities) gets it here.
    try {
      await execute(m, INSERT_ROLLUP_STATE, [dbDateTime(m, now)]);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    [state] = await select(m, LOCK_ROLLUP_STATE, []);
  }
  return { orderEventId: Number(state!.orderEventId), refundEventId: Number(state!.refundEventId) };
}

/** The watermark to keep: past the leading events older than the lag, no further. */
function advance(m: EntityManager, from: number, rows: { id: number; createdAt: unknown }[], cutoff: number): number {
  let mark = from;
  for (const r of rows) {
    if (dbDate(m, r.createdAt)!.getTime() > cutoff) break;
    mark = Number(r.id);
  }
  return mark;
}

/**
 * The events (ids per stream) a step has read and whose days it recomputed, committed. Given to the next step of the
 * same instance, it lets that step skip the days of events it reads again (the watermark lags five minutes behind):
 * each of them was recomputed after the event was visible, and whatever changed a day since has an event of its own.
 */
export interface SeenEvents {
  orders: ReadonlySet<number>;
  refunds: ReadonlySet<number>;
}

export interface RollupStepResult {
  /** Events read. */
  read: number;
  /** Days recomputed. */
  recomputed: number;
  /** The events this step covered, for the next step (valid once its transaction committed). */
  seen: SeenEvents;
  /** Whether the watermark moved. */
  advanced: boolean;
  /**
   * Whether events may follow that a next step would read for the first time: a stream returned a full batch and the
   * watermark passed all of it. Otherwise a next step would only read again events younger than the lag.
   */
  more: boolean;
}

/**
 * One run of the rollup sweep: events after the watermark, the days of those not in `seen` recomputed, the watermark
 * moved. Holds the state row's lock throughout, so instances take turns.
 */
export async function rollupStep(runTx: RunTx, cal: BusinessCalendar, now: Date, seen?: SeenEvents): Promise<RollupStepResult> {
  return runTx(async (m) => {
    const state = await lockState(m, now);
    const [orderEvents, refundEvents] = [
      await select(m, ORDER_EVENTS_AFTER, [state.orderEventId, EVENT_BATCH]),
      await select(m, REFUND_EVENTS_AFTER, [state.refundEventId, EVENT_BATCH]),
    ];
    const days = new Set<Day>();
    const dayOf = (v: unknown): void => {
      const t = dbDate(m, v);
      if (t) days.add(cal.dayOf(t));
    };
    const covered: SeenEvents = { orders: new Set<number>(), refunds: new Set<number>() };
    for (const e of orderEvents) {
      if (e.toStatus !== 'paid') continue;
      const id = Number(e.id);
      (covered.orders as Set<number>).add(id);
      if (!seen?.orders.has(id)) dayOf(e.paidAt);
    }
    for (const e of refundEvents) {
      if (e.toStatus !== 'succeeded') continue;
      const id = Number(e.id);
      (covered.refunds as Set<number>).add(id);
      if (seen?.refunds.has(id)) continue;
      dayOf(e.succeededAt);
      dayOf(e.paidAt);
    }
    if (days.size > 0) await recompute(m, cal, [...days].sort(), now);
    const cutoff = now.getTime() - LAG_MS;
    const next = [advance(m, state.orderEventId, orderEvents, cutoff), advance(m, state.refundEventId, refundEvents, cutoff)];
    const advanced = next[0] !== state.orderEventId || next[1] !== state.refundEventId;
    if (advanced) await execute(m, SET_ROLLUP_STATE, [next[0], next[1], dbDateTime(m, now)]);
    const passedFullBatch = (rows: { id: number }[], mark: number): boolean =>
      rows.length === EVENT_BATCH && mark === Number(rows[rows.length - 1]!.id);
    return {
      read: orderEvents.length + refundEvents.length,
      recomputed: days.size,
      seen: covered,
      advanced,
      more: passedFullBatch(orderEvents, next[0]!) || passedFullBatch(refundEvents, next[1]!),
    };
  });
}

/**
 * Rebuilds every rollup from the raw rows: the watermark first moves to the last events (the sweep takes what comes
 * after), then every day from the first payment to today is recomputed, one transaction per day under the state
 * lock. Reports stay served meanwhile (each day is replaced, never emptied). Returns the number of days.
 */
export async function rebuild(runTx: RunTx, cal: BusinessCalendar, now: () => Date, onDay?: (day: Day) => void): Promise<number> {
  const first = await runTx(async (m) => {
    await lockState(m, now());
    const [last] = await select(m, LAST_EVENT_IDS, []);
    await execute(m, SET_ROLLUP_STATE, [Number(last?.orderEventId ?? 0), Number(last?.refundEventId ?? 0), dbDateTime(m, now())]);
    const [row] = await select(m, FIRST_PAID_AT, []);
    return dbDate(m, row?.t);
  });
  const today = cal.dayOf(now());
  const firstDay = first ? cal.dayOf(first) : today;
  await runTx(async (m) => {
    await lockState(m, now());
    await execute(m, DELETE_DAYS_BEFORE, [firstDay]);
    await execute(m, DELETE_SKU_DAYS_BEFORE, [firstDay]);
    await execute(m, DELETE_PERIODS_BEFORE, [Math.min(bucketStart(firstDay, 'week'), bucketStart(firstDay, 'month'))]);
  });
  let n = 0;
  const periods = new Map<string, [Granularity, Day]>();
  for (let day = firstDay; day <= today; day = addDays(day, 1)) {
    await runTx(async (m) => {
      await lockState(m, now());
      await recompute(m, cal, [day], now(), false);
    });
    for (const g of ['week', 'month'] as const) periods.set(`${g}:${bucketStart(day, g)}`, [g, bucketStart(day, g)]);
    onDay?.(day);
    n++;
  }
  for (const p of periods.values()) {
    await runTx(async (m) => {
      await lockState(m, now());
      await recomputePeriods(m, cal, [p], now());
    });
  }
  return n;
}
