import type { EntityManager } from 'typeorm';
import { dbDateTime, execute, select, type Sql } from '@app/database';
import { addDays, BusinessCalendar, type Day } from '@app/reports';
import {
  CATEGORY_COLUMNS,
  insertCategories,
  insertOrderItems,
  insertOrders,
  insertPayments,
  insertProducts,
  insertRefunds,
  insertSkus,
  insertUsers,
  ORDER_COLUMNS,
  ORDER_ITEM_COLUMNS,
  PAYMENT_COLUMNS,
  PRODUCT_COLUMNS,
  REFUND_COLUMNS,
  SEED_NEXT_IDS,
  SKU_COLUMNS,
  USER_COLUMNS,
} from './seed.sql';

/*
 * A year of a shop's orders for benchmarks (npm run reports -- seed): buyers, a catalog, orders with their lines,
 * payments and refunds, written with multi-row INSERTs (no events, no stock ledger: the rollups are rebuilt after
 * seeding, and stock is left alone). Deterministic for a given seed. The shape follows a real shop: more orders as the
 * year goes on, weekends busier, 618 and Double 11 peaks, lunch and evening hours, repeat buyers, popular products,
 * 1-3 lines per order, some unpaid and cancelled, about 6% of paid orders refunded in part or whole.
 */

export interface SeedOptions {
  orders: number;
  buyers: number;
  days: number;
  products: number;
  /** The last day seeded is today (in the shop's time zone); orders stop at `now`. */
  now: Date;
  timeZone: string;
  appid: string;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  orders: number;
  items: number;
  payments: number;
  refunds: number;
  buyers: number;
  skus: number;
}

const BATCH = 1000;
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 9, 8, 6, 6, 6, 7, 8, 9, 11, 12, 10, 5];
const IMG = 'https://img.example.com/seed.png';
const PAY_MS = 30 * 60_000;

/** mulberry32: a small seeded generator (reproducible data, not security). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Rows for one multi-row statement, flushed every BATCH rows. */
class Inserter {
  private rows: unknown[][] = [];
  count = 0;
  constructor(
    private readonly m: EntityManager,
    private readonly statement: (n: number) => Sql<never>,
    private readonly width: number,
  ) {}

  async add(row: unknown[]): Promise<void> {
    if (row.length !== this.width) throw new Error(`seed: ${row.length} values for ${this.width} columns`);
    this.rows.push(row);
    this.count++;
    if (this.rows.length >= BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await execute(this.m, this.statement(rows.length), rows.flat());
  }
}

/**
 * Seeds on `m`. Given a query runner's manager (one connection), it commits a transaction per day: one flush to
 * disk per day rather than per statement.
 */
export async function seedYear(m: EntityManager, o: SeedOptions): Promise<SeedResult> {
  const runner = m.queryRunner;
  if (runner) await runner.startTransaction();
  try {
    const result = await seed(m, o, async () => {
      if (!runner) return;
      await runner.commitTransaction();
      await runner.startTransaction();
    });
    if (runner) await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner?.isTransactionActive) await runner.rollbackTransaction();
    throw err;
  }
}

async function seed(m: EntityManager, o: SeedOptions, commit: () => Promise<void>): Promise<SeedResult> {
  const rnd = random(o.seed ?? 20261130);
  const cal = new BusinessCalendar(o.timeZone);
  const at = (d: Date): unknown => dbDateTime(m, d);
  const [next] = await select(m, SEED_NEXT_IDS, []);
  const ids = { ...next! };
  const created = at(new Date(o.now.getTime() - o.days * 86_400_000));

  // Catalog: 4 top categories with 5 leaves each, products of 1-4 SKUs.
  const categories = new Inserter(m, insertCategories, CATEGORY_COLUMNS.length);
  const leaves: number[] = [];
  for (let top = 0; top < 4; top++) {
    const topId = ++ids.category;
    await categories.add([topId, null, `种子分类${top + 1}`, top, 1, created, created]);
    for (let leaf = 0; leaf < 5; leaf++) {
      leaves.push(++ids.category);
      await categories.add([ids.category, topId, `种子分类${top + 1}-${leaf + 1}`, leaf, 1, created, created]);
    }
  }
  await categories.flush();
  const products = new Inserter(m, insertProducts, PRODUCT_COLUMNS.length);
  const skuRows = new Inserter(m, insertSkus, SKU_COLUMNS.length);
  const skus: { id: number; productId: number; price: number; title: string; spec: string }[] = [];
  for (let p = 0; p < o.products; p++) {
    const productId = ++ids.product;
    const title = `种子商品 ${p + 1}`;
    const base = 990 + Math.floor(rnd() * 200) * 100;
    const n = 1 + Math.floor(rnd() * 4);
    const prices: number[] = [];
    for (let s = 0; s < n; s++) {
      const price = base + s * 1000;
      prices.push(price);
      const spec = `款${s + 1}`;
      skus.push({ id: ++ids.sku, productId, price, title, spec });
      await skuRows.add([
        ids.sku,
        productId,
        JSON.stringify([spec]),
        spec,
        spec,
        price,
        1_000_000,
        `SEED-${productId}-${s + 1}`,
        'enabled',
        created,
        created,
      ]);
    }
    const category = leaves[Math.floor(rnd() * leaves.length)]!;
    await products.add([
      productId,
      category,
      title,
      IMG,
      JSON.stringify([IMG]),
      '[]',
      'on_sale',
      Math.min(...prices),
      Math.max(...prices),
      created,
      created,
    ]);
  }
  await products.flush();
  await skuRows.flush();

  // Buyers, joined over the year; the first buyers are the regulars.
  const users = new Inserter(m, insertUsers, USER_COLUMNS.length);
  const firstUser = ids.users + 1;
  for (let u = 0; u < o.buyers; u++) {
    const joined = new Date(o.now.getTime() - Math.floor(rnd() * o.days * 86_400_000));
    await users.add([
      ++ids.users,
      o.appid,
      `seed_o_${ids.users}`,
      `买家${ids.users}`,
      `13${String(100_000_000 + ids.users).slice(-9)}`,
      'active',
      at(joined),
    ]);
  }
  await users.flush();

  // Orders per day: a rising year, busier weekends, 618 and Double 11.
  const today = cal.dayOf(o.now);
  const days: Day[] = [];
  for (let i = o.days - 1; i >= 0; i--) days.push(addDays(today, -i));
  const weights = days.map((d, i) => {
    const weekday = new Date(Date.UTC(Math.floor(d / 10_000), (Math.floor(d / 100) % 100) - 1, d % 100)).getUTCDay();
    const md = d % 10_000;
    return (0.6 + (0.8 * i) / days.length) * (weekday === 0 || weekday === 6 ? 1.3 : 1) * (md === 1111 ? 5 : md === 618 ? 3 : 1);
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const hourSum = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

  const orders = new Inserter(m, insertOrders, ORDER_COLUMNS.length);
  const items = new Inserter(m, insertOrderItems, ORDER_ITEM_COLUMNS.length);
  const payments = new Inserter(m, insertPayments, PAYMENT_COLUMNS.length);
  const refunds = new Inserter(m, insertRefunds, REFUND_COLUMNS.length);
  let done = 0;
  let carry = 0;
  for (let di = 0; di < days.length; di++) {
    const exact = (o.orders * weights[di]!) / sum + carry;
    const count = di === days.length - 1 ? o.orders - done : Math.floor(exact);
    carry = exact - count;
    const [start, end] = cal.rangeOf(days[di]!);
    const times: number[] = [];
    for (let k = 0; k < count; k++) {
      let h = rnd() * hourSum;
      let hour = 0;
      while (h > HOUR_WEIGHTS[hour]!) h -= HOUR_WEIGHTS[hour++]!;
      const t = Math.min(start.getTime() + (hour + rnd()) * 3_600_000, end.getTime() - 1, o.now.getTime() - 60_000);
      times.push(t);
    }
    times.sort((a, b) => a - b);
    for (const t of times) {
      await seedOrder(t);
      done++;
    }
    for (const i of [orders, items, payments, refunds]) await i.flush();
    await commit();
    o.onProgress?.(done, o.orders);
  }
  for (const i of [orders, items, payments, refunds]) await i.flush();
  return {
    orders: orders.count,
    items: items.count,
    payments: payments.count,
    refunds: refunds.count,
    buyers: o.buyers,
    skus: skus.length,
  };

  async function seedOrder(t: number): Promise<void> {
    const orderId = ++ids.orders;
    const userId = firstUser + Math.floor(o.buyers * rnd() ** 2);
    const createdAt = new Date(t);
    const lines: { sku: (typeof skus)[number]; quantity: number; itemId: number }[] = [];
    const n = rnd() < 0.6 ? 1 : rnd() < 0.7 ? 2 : 3;
    for (let i = 0; i < n; i++) {
      const sku = skus[Math.floor(skus.length * rnd() ** 1.8)]!;
      if (lines.some((l) => l.sku.id === sku.id)) continue;
      lines.push({ sku, quantity: rnd() < 0.8 ? 1 : rnd() < 0.75 ? 2 : 3, itemId: ++ids.items });
    }
    const itemsTotal = lines.reduce((a, l) => a + l.sku.price * l.quantity, 0);
    const shippingFee = itemsTotal >= 9900 ? 0 : 1000;
    const payAmount = itemsTotal + shippingFee;
    const age = o.now.getTime() - t;
    const unpaid = rnd() < 0.07 || (age < PAY_MS && rnd() < 0.5);
    let status = 'cancelled';
    let paidAt: Date | null = null;
    let shippedAt: Date | null = null;
    let completedAt: Date | null = null;
    let cancelledAt: Date | null = null;
    let closedAt: Date | null = null;
    let refundedAmount = 0;
    const refunded = new Map<number, number>();
    if (unpaid) {
      if (age < PAY_MS) status = 'pending_payment';
      else cancelledAt = new Date(t + PAY_MS);
    } else {
      paidAt = new Date(Math.min(t + 30_000 + Math.floor(rnd() * 240_000), o.now.getTime() - 1000));
      status = 'paid';
      if (age > 86_400_000) {
        shippedAt = new Date(paidAt.getTime() + 20 * 3_600_000);
        status = 'shipped';
      }
      if (age > 12 * 86_400_000) {
        completedAt = new Date(shippedAt!.getTime() + 7 * 86_400_000);
        status = 'completed';
      }
      const refundAt = new Date(paidAt.getTime() + (1 + Math.floor(rnd() * 5 * 24)) * 3_600_000);
      if (rnd() < 0.06 && refundAt.getTime() < o.now.getTime()) {
        const whole = rnd() < 0.3;
        const chosen = whole ? lines : [lines[Math.floor(rnd() * lines.length)]!];
        for (const l of chosen) refunded.set(l.itemId, l.quantity);
        refundedAmount = whole ? payAmount : chosen.reduce((a, l) => a + l.sku.price * l.quantity, 0);
        if (whole || chosen.length === lines.length) {
          refundedAmount = payAmount;
          status = 'closed';
          closedAt = refundAt;
        }
        const paymentId = ids.payment + 1;
        await refunds.add([
          ++ids.refund,
          orderId,
          paymentId,
          `S${orderId}R01`,
          refundedAmount,
          'seed',
          'succeeded',
          at(refundAt),
          at(refundAt),
          at(refundAt),
        ]);
      }
      await payments.add([
        ++ids.payment,
        orderId,
        userId,
        'wechat',
        `S${orderId}`,
        payAmount,
        refundedAmount,
        'succeeded',
        `T${orderId}`,
        at(paidAt),
        at(createdAt),
        at(paidAt),
      ]);
    }
    const phone = `139${String(10_000_000 + userId).slice(-8)}`;
    const address = JSON.stringify({
      receiverName: `收货人${userId}`,
      phone,
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      detail: `科技园路${userId % 100}号`,
      postalCode: null,
      fullAddress: `广东省深圳市南山区科技园路${userId % 100}号`,
    });
    const updatedAt = closedAt ?? completedAt ?? shippedAt ?? paidAt ?? cancelledAt ?? createdAt;
    await orders.add([
      orderId,
      `S${orderId}`,
      userId,
      status,
      itemsTotal,
      shippingFee,
      payAmount,
      paidAt ? payAmount : 0,
      refundedAmount,
      address,
      `seed-${orderId}`,
      'seed',
      at(new Date(t + PAY_MS)),
      paidAt && at(paidAt),
      shippedAt && at(shippedAt),
      completedAt && at(completedAt),
      cancelledAt && at(cancelledAt),
      closedAt && at(closedAt),
      at(createdAt),
      at(updatedAt),
    ]);
    for (const l of lines) {
      const q = refunded.get(l.itemId) ?? 0;
      await items.add([
        l.itemId,
        orderId,
        l.sku.productId,
        l.sku.id,
        l.sku.title,
        l.sku.spec,
        l.sku.price,
        l.quantity,
        l.sku.price * l.quantity,
        q,
        q * l.sku.price,
      ]);
    }
  }
}
