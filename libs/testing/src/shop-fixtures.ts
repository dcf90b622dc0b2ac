import { randomBytes } from 'node:crypto';
import type { HttpResult } from './http-client';
import type { TestApp } from './test-app';

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

let categoryId: number | undefined;
let seq = 0;

export interface ShopProduct {
  productId: number;
  skuIds: number[];
}

async function ensureCategory(t: TestApp, token: string): Promise<number> {
  if (categoryId && (await t.sql('SELECT id FROM category WHERE id = ?', [categoryId])).length) return categoryId;
  const res = await t.http.post('/api/v1/admin/categories', { name: `测试分类${++seq}`, sort: 0, isVisible: true }, { token });
  if (res.status !== 201) throw new Error(`create category: ${res.status} ${res.text}`);
  categoryId = res.body.id as number;
  return categoryId;
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
  body: { items?: { skuId: number; quantity: number }[]; fromCart?: true; addressId: number; remark?: string },
  key = idempotencyKey(),
): Promise<HttpResult> {
  return t.http.post('/api/v1/orders', body, { token, headers: { 'idempotency-key': key } });
}

/** SKUs whose stock differs from the sum of their ledger rows (must always be empty). */
export async function ledgerMismatches(t: TestApp): Promise<unknown[]> {
  return t.sql(
    `SELECT s.id, s.stock, COALESCE(SUM(m.delta), 0) AS ledger
       FROM sku s LEFT JOIN stock_movement m ON m.sku_id = s.id
      GROUP BY s.id, s.stock HAVING s.stock <> COALESCE(SUM(m.delta), 0)`,
  );
}

/** Counts SQL statements sent through the app's DataSource while `fn` runs. */
export async function countQueries<T>(t: TestApp, fn: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  const logger = t.ds.logger as unknown as { logQuery: (q: string) => void };
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (q: string) => {
    queries.push(q);
  };
  try {
    return { result: await fn(), queries };
  } finally {
    logger.logQuery = original;
  }
}
