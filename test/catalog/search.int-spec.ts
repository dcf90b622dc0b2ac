import { rebuildSearchIndex } from '@app/catalog/testing';
import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, productDoc } from './catalog-fixtures';

/** Keyword search over the token index (docs/decisions.md, "Search"). */
describe('catalog: search', () => {
  let t: TestApp;
  let op: string;
  let dresses: any;
  let tops: any;
  const ids: Record<string, number> = {};

  const search = async (query: Record<string, string | number>): Promise<any> => {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
    const res = await t.http.get(`/api/v1/products?${qs}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const titles = async (query: Record<string, string | number>): Promise<string[]> => (await search(query)).items.map((p: any) => p.title);
  const product = async (key: string, category: any, over: Record<string, unknown>): Promise<void> => {
    ids[key] = (await createProduct(t, op, productDoc(category.id, over))).id;
  };
  const sku = (price: number, code = ''): Record<string, unknown> => ({ specValues: [], price, stock: 5, code });

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createAdmin('operator');
    const women = await createCategory(t, op, { name: '女装' });
    dresses = await createCategory(t, op, { name: '裙装', parentId: women.id });
    tops = await createCategory(t, op, { name: '上衣', parentId: women.id });
    const plain = { specs: [], skus: [sku(19900)] };
    await product('phrase', dresses, { ...plain, title: '碎花连衣裙', subtitle: '夏季新款' });
    await product('split', dresses, { ...plain, title: '法式连衣 长裙', subtitle: '收腰显瘦', skus: [sku(29900)] });
    await product('subtitle', tops, { ...plain, title: '雪纺衬衫', subtitle: '可搭配连衣裙', skus: [sku(9900)] });
    await product('latin', tops, {
      title: 'iPhone15 保护壳',
      subtitle: '磨砂',
      specs: [{ name: '颜色', values: ['藏青', '白'] }],
      skus: [
        { specValues: ['藏青'], price: 3900, stock: 5, code: 'CASE-NAVY-15' },
        { specValues: ['白'], price: 3900, stock: 5 },
      ],
    });
    await product('other', tops, { ...plain, title: '纯棉T恤', subtitle: '基础款' });
  });
  afterAll(() => t?.close());

  it('finds Chinese words by their characters: 连衣裙 finds "连衣 长裙", the exact phrase first, a subtitle match last', async () => {
    const body = await search({ keyword: '连衣裙' });
    expect(body.items.map((p: any) => p.title)).toEqual(['碎花连衣裙', '法式连衣 长裙', '雪纺衬衫']);
    expect(body.total).toBe(3);
    expect(Object.keys(body.items[0]).sort()).toEqual(['id', 'linePrice', 'mainImage', 'maxPrice', 'minPrice', 'salesCount', 'title']);
    expect(await titles({ keyword: '长裙' })).toEqual(['法式连衣 长裙']);
    expect(await titles({ keyword: '西装' })).toEqual([]);
  });

  it('matches Latin words and digits case-insensitively, spec values, SKU codes and category names', async () => {
    expect(await titles({ keyword: 'IPHONE15' })).toEqual(['iPhone15 保护壳']);
    expect(await titles({ keyword: 'iphone15 保护' })).toEqual(['iPhone15 保护壳']);
    expect(await titles({ keyword: '藏青' })).toEqual(['iPhone15 保护壳']);
    expect(await titles({ keyword: 'case-navy-15' })).toEqual(['iPhone15 保护壳']);
    // Every character must be present somewhere: the dresses (category 裙装) first, then the shirt (裙 in its
    // subtitle, 装 in its top category 女装).
    const byCategory = await titles({ keyword: '裙装' });
    expect(byCategory.slice(0, 2).sort()).toEqual(['法式连衣 长裙', '碎花连衣裙']);
    expect(byCategory.slice(2)).toEqual(['雪纺衬衫']);
    expect((await search({ keyword: '女装' })).total).toBe(5);
  });

  it('ranks equal matches by sales', async () => {
    await t.sql('UPDATE product SET sales_count = 50 WHERE id = ?', [ids.split]);
    await t.sql('UPDATE product SET sales_count = 10 WHERE id = ?', [ids.phrase]);
    // 裙 alone: both titles hold it once (same weight); sales decide.
    expect((await titles({ keyword: '裙' })).slice(0, 2)).toEqual(['法式连衣 长裙', '碎花连衣裙']);
    // The phrase still beats sales.
    expect((await titles({ keyword: '连衣裙' }))[0]).toBe('碎花连衣裙');
    await t.sql('UPDATE product SET sales_count = 0 WHERE id IN (?, ?)', [ids.split, ids.phrase]);
  });

  it('combines with the category filter, a price range, the sorts and paging', async () => {
    expect(await titles({ keyword: '连衣裙', categoryId: tops.id })).toEqual(['雪纺衬衫']);
    expect(await titles({ keyword: '连衣裙', minPrice: 10000, maxPrice: 20000 })).toEqual(['碎花连衣裙']);
    expect(await titles({ keyword: '连衣裙', sort: 'price_asc' })).toEqual(['雪纺衬衫', '碎花连衣裙', '法式连衣 长裙']);
    expect(await titles({ keyword: '连衣裙', sort: 'price_desc' })).toEqual(['法式连衣 长裙', '碎花连衣裙', '雪纺衬衫']);
    const page2 = await search({ keyword: '连衣裙', pageSize: 2, page: 2 });
    expect(page2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.items.map((p: any) => p.title)).toEqual(['雪纺衬衫']);
    // Price range without a keyword filters the listing too.
    expect((await titles({ minPrice: 20000 })).sort()).toEqual(['法式连衣 长裙']);
  });

  it('answers an empty page for a keyword without letters, digits or CJK characters', async () => {
    expect(await search({ keyword: '!!!' })).toMatchObject({ items: [], total: 0 });
  });

  describe('index maintenance in the product writes', () => {
    it('indexes a new product, an edit, an off-sale and a delete', async () => {
      await product('fresh', tops, { specs: [], skus: [sku(5000, 'LIN-01')], title: '亚麻短袖', subtitle: '' });
      expect(await titles({ keyword: '亚麻' })).toEqual(['亚麻短袖']);

      await t.http.patch(`/api/v1/admin/products/${ids.fresh}`, { title: '真丝短袖' }, { token: op });
      expect(await titles({ keyword: '亚麻' })).toEqual([]);
      expect(await titles({ keyword: '真丝' })).toEqual(['真丝短袖']);

      await t.http.patch(
        `/api/v1/admin/products/${ids.fresh}`,
        { specs: [{ name: '颜色', values: ['米白'] }], skus: [{ specValues: ['米白'], price: 5000, stock: 1, code: 'SILK-02' }] },
        { token: op },
      );
      expect(await titles({ keyword: 'silk' })).toEqual(['真丝短袖']);
      expect(await titles({ keyword: 'lin-01' })).toEqual([]);
      expect(await titles({ keyword: '米白' })).toEqual(['真丝短袖']);

      await t.http.patch(`/api/v1/admin/products/${ids.fresh}`, { status: 'off_sale' }, { token: op });
      expect(await titles({ keyword: '真丝' })).toEqual([]);
      await t.http.patch(`/api/v1/admin/products/${ids.fresh}`, { status: 'on_sale' }, { token: op });
      expect(await titles({ keyword: '真丝' })).toEqual(['真丝短袖']);

      expect((await t.http.delete(`/api/v1/admin/products/${ids.fresh}`, { token: op })).status).toBe(204);
      expect(await titles({ keyword: '真丝' })).toEqual([]);
      expect(await t.sql('SELECT token FROM product_search_token WHERE product_id = ?', [ids.fresh])).toEqual([]);
    });

    it('reindexes the products of a renamed category (and of its subcategories)', async () => {
      const res = await t.http.patch(`/api/v1/admin/categories/${dresses.id}`, { name: '礼服' }, { token: op });
      expect(res.status).toBe(200);
      expect(await t.sql("SELECT product_id FROM product_search_token WHERE token = '裙装'")).toEqual([]);
      expect((await titles({ keyword: '礼服' })).sort()).toEqual(['法式连衣 长裙', '碎花连衣裙']);
      const top = await t.sql('SELECT parent_id AS p FROM category WHERE id = ?', [dresses.id]);
      await t.http.patch(`/api/v1/admin/categories/${top[0].p}`, { name: '女士' }, { token: op });
      expect((await search({ keyword: '女士' })).total).toBe(5);
    });
  });

  it('rebuilds the whole index in one call (npm run search:rebuild)', async () => {
    const before = await t.sql('SELECT token, product_id, weight FROM product_search_token ORDER BY token, product_id');
    await t.sql('DELETE FROM product_search_token');
    await t.sql("INSERT INTO product_search_token (token, product_id, weight) VALUES ('幽灵', 999999, 1)");
    expect(await titles({ keyword: '连衣裙' })).toEqual([]);
    const result = await rebuildSearchIndex(t.ds);
    expect(result).toMatchObject({ products: 5, tokens: before.length });
    expect(await t.sql('SELECT token, product_id, weight FROM product_search_token ORDER BY token, product_id')).toEqual(before);
    expect(await titles({ keyword: '连衣裙' })).toEqual(['碎花连衣裙', '法式连衣 长裙', '雪纺衬衫']);
  });

  it('answers many concurrent searches (the GROUP BY over the token index holds under load)', async () => {
    const words = ['连衣裙', '裙', 'iphone15', '女士', '衬衫'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.http.get(`/api/v1/products?keyword=${encodeURIComponent(words[i % 5]!)}`)),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
  });
});
