// The query builder of GET /products is internal to the catalog; the test reads it to EXPLAIN the real SQL.
import { buildDemoCatalog, CatalogQueryService, rebuildSearchIndex, seedDemoCatalog } from '@app/catalog/testing';
import { startTestApp, type TestApp } from '@app/testing';

/** The sorts of api.md. */
const SORTS = ['default', 'price_asc', 'price_desc', 'sales', 'newest'] as const;

interface ExplainRow {
  table: string;
  type: string;
  key: string | null;
  rows: number;
  Extra: string | null;
}

/** GET /products on 10,000 products answers from indexes (MariaDB/MySQL EXPLAIN), selecting only the card columns. */
describe('catalog: listing indexes', () => {
  let t: TestApp;
  let query: CatalogQueryService;
  let top: number;
  let leaf: number;

  beforeAll(async () => {
    t = await startTestApp();
    const result = await seedDemoCatalog(t.ds, buildDemoCatalog({ products: 10_000, skusPerProduct: 3, seed: 1 }), { now: t.clock.now() });
    expect(result).toMatchObject({ seeded: true, products: 10_000, skus: 30_000 });
    const search = await rebuildSearchIndex(t.ds);
    if (process.env.EXPLAIN_LOG) process.stdout.write(`${JSON.stringify({ search })}\n`);
    await t.sql('ANALYZE TABLE product, sku, category, product_search_token');
    query = t.app.get(CatalogQueryService);
    const [t1] = await t.sql("SELECT id FROM category WHERE name = '服饰'");
    const [l1] = await t.sql("SELECT id FROM category WHERE name = 'T恤'");
    top = t1.id;
    leaf = l1.id;
  }, 120_000);
  afterAll(() => t?.close());

  const explain = async (q: Record<string, unknown>, count = false): Promise<ExplainRow[]> => {
    const { page, count: counting } = await query.shopperListSql(q);
    const { sql, params } = count ? counting : page;
    const rows = await t.sql<ExplainRow>(`EXPLAIN ${sql}`, params);
    if (process.env.EXPLAIN_LOG) process.stdout.write(`${JSON.stringify({ q, count, sql, rows })}\n`);
    return rows;
  };

  const filters: [string, () => Record<string, unknown>][] = [
    ['no filter', () => ({})],
    ['a top category (with its leaves)', () => ({ categoryId: top })],
    ['a leaf category', () => ({ categoryId: leaf })],
    ['a price range', () => ({ minPrice: 1000, maxPrice: 50000 })],
  ];

  for (const sort of SORTS) {
    // A search reads the primary key ranges of its tokens, then each match's product row by primary key.
    it(`searches from the token index, sort=${sort}`, async () => {
      for (const count of [false, true]) {
        const rows = await explain({ keyword: '连衣裙', categoryId: top, sort }, count);
        // Only the materialized matches (<derivedN>) are read whole.
        expect(rows.filter((r) => !r.table.startsWith('<derived')).map((r) => r.type)).not.toContain('ALL');
        expect(rows[0]!.table).toMatch(/^<derived/);
        expect(rows.find((r) => r.table === 't')).toMatchObject({ type: 'range', key: 'PRIMARY' });
        expect(rows.find((r) => r.table === 'p')).toMatchObject({ type: 'eq_ref', key: 'PRIMARY' });
      }
    });
  }

  for (const sort of SORTS) {
    // A deep page by its cursor (where page 200 of 20 ends): a range of the sort's index after the previous page's
    // last row, no sort, not the rows before it.
    it(`seeks a deep page on the listing index, sort=${sort}`, async () => {
      for (const [filter, depth] of [
        [{}, 4000],
        [{ categoryId: leaf }, 1000],
      ] as const) {
        const { page: whole } = await query.shopperListSql({ ...filter, sort }, depth, 1);
        const [last] = await t.sql(whole.sql, whole.params);
        const { page } = await query.shopperListSql({ ...filter, sort }, 0, 20, [last.sortKey, last.sortKey, last.id]);
        const rows = await t.sql<ExplainRow>(`EXPLAIN ${page.sql}`, page.params);
        expect(rows).toHaveLength(1);
        expect(rows[0]!).toMatchObject({ type: 'range' });
        expect(rows[0]!.key).toMatch(/^idx_product_/);
        expect(rows[0]!.Extra ?? '').not.toMatch(/filesort/);
      }
    });
  }

  for (const sort of SORTS) {
    // A cold jump to a deep page by `page` (no cursor, no previous page served): the page's ids from the listing
    // index alone, then 20 rows by primary key, not every skipped row read whole. The rows are those OFFSET answers.
    it(`reads a deep page by page through its ids, sort=${sort}`, async () => {
      for (const [filter, depth] of [
        [{}, 4000],
        [{ categoryId: leaf }, 500],
        [{ categoryId: top }, 1000],
      ] as const) {
        const { page } = await query.shopperListSql({ ...filter, sort }, depth, 20);
        const rows = await t.sql<ExplainRow & { select_type: string }>(`EXPLAIN ${page.sql}`, page.params);
        const ids = rows.find((r) => r.select_type === 'DERIVED');
        expect(ids).toMatchObject({ table: 'p' });
        expect(ids!.key).toMatch(/^idx_product_/);
        expect(ids!.Extra ?? '').toMatch(/Using index/);
        expect(rows.find((r) => r.select_type === 'PRIMARY' && r.table === 'p')).toMatchObject({ type: 'eq_ref', key: 'PRIMARY' });
        const { page: whole } = await query.shopperListSql({ ...filter, sort }, 0, depth + 20);
        expect(whole.sql).not.toContain('JOIN');
        const expected = (await t.sql(whole.sql, whole.params)).slice(depth).map((r) => r.id);
        expect(expected).toHaveLength(20);
        expect((await t.sql(page.sql, page.params)).map((r) => r.id)).toEqual(expected);
      }
    });
  }

  for (const [name, filter] of filters) {
    for (const sort of SORTS) {
      it(`uses an index for ${name}, sort=${sort}`, async () => {
        const rows = await explain({ ...filter(), sort });
        const product = rows.filter((r) => r.table === 'p');
        expect(product).toHaveLength(1);
        expect(product[0]!.type).not.toBe('ALL');
        expect(product[0]!.key).toMatch(/^idx_product_/);
        // Equalities before the sort column: the index delivers the order, no sort of the whole result.
        if (name !== 'a top category (with its leaves)') expect(product[0]!.Extra ?? '').not.toMatch(/filesort/);
      });
    }
    it(`counts from an index for ${name}`, async () => {
      const [row] = await explain(filter(), true);
      expect(row!.type).not.toBe('ALL');
      expect(row!.key).toMatch(/^idx_product_/);
    });
  }

  it('selects only the listing columns', async () => {
    const { page } = await query.shopperListSql({ sort: 'sales' });
    const selectList = /^SELECT (.*?) FROM /s.exec(page.sql)![1]!;
    // The card columns, and the sort column once more as the keyset of the next page.
    const columns = selectList
      .split(',')
      .filter((c) => !c.includes(' AS sortKey'))
      .map((c) => /p\.(\w+)/.exec(c)![1]);
    expect(columns.sort()).toEqual(['id', 'line_price', 'main_image', 'max_price', 'min_price', 'sales_count', 'title']);

    const res = await t.http.get(`/api/v1/products?categoryId=${top}&sort=sales&pageSize=5`);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(Object.keys(res.body.items[0]).sort()).toEqual(['id', 'linePrice', 'mainImage', 'maxPrice', 'minPrice', 'salesCount', 'title']);
    const sales = res.body.items.map((p: any) => p.salesCount);
    expect(sales).toEqual([...sales].sort((a, b) => b - a));
  });

  it('seeds a consistent ledger', async () => {
    const [row] = await t.sql('SELECT (SELECT SUM(stock) FROM sku) - (SELECT SUM(delta) FROM stock_movement) AS diff');
    expect(Number(row.diff)).toBe(0);
  });
});
