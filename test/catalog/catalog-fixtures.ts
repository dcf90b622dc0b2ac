import type { TestApp } from '@app/testing';

/** Shared builders for the catalog integration tests (not a test file itself). */

export const IMG = 'https://img.example.com/p.png';

export async function createCategory(t: TestApp, token: string, body: Record<string, unknown>): Promise<any> {
  const res = await t.http.post('/api/v1/admin/categories', body, { token });
  if (res.status !== 201) throw new Error(`create category: ${res.status} ${res.text}`);
  return res.body;
}

/** A valid product document: 颜色 x 尺码, two SKUs. */
export function productDoc(categoryId: number, over: Record<string, unknown> = {}): Record<string, any> {
  return {
    categoryId,
    title: '纯棉T恤',
    subtitle: '夏季新款',
    mainImage: IMG,
    images: [IMG],
    detailImages: [IMG],
    status: 'on_sale',
    specs: [
      { name: '颜色', values: ['白', '黑'] },
      { name: '尺码', values: ['M', 'L'] },
    ],
    skus: [
      { specValues: ['白', 'M'], price: 9900, linePrice: 12900, stock: 50, code: 'T-W-M' },
      { specValues: ['黑', 'L'], price: 10900, stock: 5 },
    ],
    ...over,
  };
}

export async function createProduct(t: TestApp, token: string, doc: Record<string, unknown>): Promise<any> {
  const res = await t.http.post('/api/v1/admin/products', doc, { token });
  if (res.status !== 201) throw new Error(`create product: ${res.status} ${res.text}`);
  return res.body;
}

/** SKUs whose stock differs from the sum of their ledger rows (must always be empty). */
export async function ledgerMismatches(t: TestApp): Promise<any[]> {
  return t.sql(
    `SELECT s.id, s.stock, COALESCE(SUM(m.delta), 0) AS ledger
       FROM sku s LEFT JOIN stock_movement m ON m.sku_id = s.id
      GROUP BY s.id, s.stock HAVING s.stock <> COALESCE(SUM(m.delta), 0)`,
  );
}

/** The fields named by a 400 VALIDATION_FAILED body. */
export function fieldsOf(body: any): string[] {
  return (body?.details?.fields ?? []).map((f: { field: string }) => f.field);
}
