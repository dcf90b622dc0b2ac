import { randomBytes } from 'node:crypto';
import type { HttpResult } from './http-client';
import type { TestApp } from './test-app';
import {
  CATEGORY_EXISTS,
  LEDGER_MISMATCHES,
  LIVE_ORDER_ITEMS,
  RETURNED_UNITS,
  SHIPMENT_ITEMS,
  SKU_STOCKS,
  STOCK_PUT_IN,
} from './testing.sql';

/**
 * Builders for tests that need a shop: categories, products and orders are created through the
 * public HTTP API (the same path as a real operator and buyer), never by writing rows directly.
 */
export const IMG = 'https://img.example.com/p.png';

export const ADDRESS = {
  receiverName: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园路1号',
  postalCode: '518000',
};

/** The fixtures' leaf category per test database (this module outlives a test file: test/jest/shared-runtime.js). */
const categories = new Map<string, number>();
let seq = 0;

export interface ShopProduct {
  productId: number;
  skuIds: number[];
}

async function ensureCategory(t: TestApp, token: string): Promise<number> {
  const known = categories.get(t.db.name);
  if (known && (await t.sql(CATEGORY_EXISTS, [known])).length) return known;
  const res = await t.http.post('/api/v1/admin/categories', { name: `测试分类${++seq}`, sort: 0, isVisible: true }, { token });
  if (res.status !== 201) throw new Error(`create category: ${res.status} ${res.text}`);
  const id = res.body.id as number;
  categories.set(t.db.name, id);
  return id;
}

/** An on-sale product with one SKU per entry of `skus` (price in fen, initial stock). */
export async function createShopProduct(
  t: TestApp,
  token: string,
  skus: { price: number; stock: number }[] = [{ price: 9900, stock: 100 }],
  over: Record<string, unknown> = {},
): Promise<ShopProduct> {
  const cat = await ensureCategory(t, token);
  const values = skus.map((_, i) => `款${i + 1}`);
  const res = await t.http.post(
    '/api/v1/admin/products',
    {
      categoryId: cat,
      title: `测试商品 ${++seq}`,
      subtitle: '测试',
      mainImage: IMG,
      images: [IMG],
      detailImages: [],
      status: 'on_sale',
      specs: [{ name: '款式', values }],
      skus: skus.map((s, i) => ({ specValues: [values[i]], price: s.price, stock: s.stock })),
      ...over,
    },
    { token },
  );
  if (res.status !== 201) throw new Error(`create product: ${res.status} ${res.text}`);
  return { productId: res.body.id as number, skuIds: (res.body.skus as { id: number }[]).map((s) => s.id) };
}

export async function createAddress(t: TestApp, token: string): Promise<number> {
  const res = await t.http.post('/api/v1/addresses', ADDRESS, { token });
  if (res.status !== 201) throw new Error(`create address: ${res.status} ${res.text}`);
  return res.body.id as number;
}

export function idempotencyKey(): string {
  return `k_${randomBytes(12).toString('hex')}`;
}

/** POST /orders with a fresh Idempotency-Key (unless given). */
export function placeOrder(
  t: TestApp,
  token: string,
  body: {
    items?: { skuId: number; quantity: number }[];
    fromCart?: true;
    addressId?: number;
    remark?: string;
    couponId?: number;
    deliveryMode?: 'delivery' | 'pickup';
    pickupStoreId?: number;
    pickerName?: string;
    pickerPhone?: string;
  },
  key = idempotencyKey(),
): Promise<HttpResult> {
  return t.http.post('/api/v1/orders', body, { token, headers: { 'idempotency-key': key } });
}

/** SKUs whose stock differs from the sum of their ledger rows (must always be empty). */
export async function ledgerMismatches(t: TestApp): Promise<unknown[]> {
  return t.sql(LEDGER_MISMATCHES);
}

/**
 * SKUs whose stock differs from what the orders say it must be, computed without the ledger (must always be
 * empty): initial stock and operator adjustments, minus the units every live (not cancelled) order holds, plus
 * the units received back from returns. An order holds what it shipped (the shipment's quantities) once shipped,
 * and before that what it bought less what was refunded: units refunded before shipping are back on the shelf.
 */
export async function stockMismatches(t: TestApp): Promise<unknown[]> {
  const skus = await t.sql<{ id: number; stock: number }>(SKU_STOCKS);
  const initial = await t.sql<{ sku_id: number; n: number }>(STOCK_PUT_IN);
  const items = await t.sql<{ id: number; order_id: number; sku_id: number; quantity: number; refunded_quantity: number; shipped: number }>(
    LIVE_ORDER_ITEMS,
  );
  const shipped = new Map<number, number>();
  for (const s of await t.sql<{ items: unknown }>(SHIPMENT_ITEMS)) {
    const lines = (typeof s.items === 'string' ? JSON.parse(s.items) : s.items) as { orderItemId: number; quantity: number }[];
    for (const l of lines) shipped.set(l.orderItemId, (shipped.get(l.orderItemId) ?? 0) + l.quantity);
  }
  const returned = await t.sql<{ sku_id: number; n: number }>(RETURNED_UNITS);
  const expected = new Map<number, number>();
  const add = (skuId: number, n: number): void => void expected.set(skuId, (expected.get(skuId) ?? 0) + Number(n));
  for (const r of initial) add(r.sku_id, r.n);
  for (const i of items) add(i.sku_id, -(Number(i.shipped) ? (shipped.get(i.id) ?? 0) : i.quantity - i.refunded_quantity));
  for (const r of returned) add(r.sku_id, r.n);
  return skus
    .filter((s) => s.stock !== (expected.get(s.id) ?? 0))
    .map((s) => ({ skuId: s.id, stock: s.stock, expected: expected.get(s.id) ?? 0 }));
}

/**
 * Reads that other modules' timers make whenever they fall due (the catalog and settings versions, webhook
 * subscriptions, distribution settings, the replica heartbeat, due jobs): in a request's window now and then, not
 * the request's.
 */
const BACKGROUND_READ =
  /^\s*SELECT\b[\s\S]*\bFROM\s+`?(catalog_version|shop_settings|webhook_endpoint|distribution_settings|replica_heartbeat|job)\b/i;

/** Counts SQL statements sent through the app's DataSource while `fn` runs, leaving out other modules' timer reads. */
export async function countQueries<T>(t: TestApp, fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const logger = t.ds.logger as unknown as { logQuery: (q: string) => void };
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (q: string) => {
    if (!BACKGROUND_READ.test(q)) queries.push(q);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    logger.logQuery = original;
  }
}
