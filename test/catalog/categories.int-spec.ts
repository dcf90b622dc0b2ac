import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, fieldsOf, productDoc } from './catalog-fixtures';

describe('catalog: categories', () => {
  let t: TestApp;
  let op: string;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createAdmin('operator');
  });
  afterAll(() => t?.close());

  it('serves shoppers the visible categories as a tree in sort order', async () => {
    const women = await createCategory(t, op, { name: '女装', sort: 2, iconUrl: 'https://img.example.com/w.png' });
    const men = await createCategory(t, op, { name: '男装', sort: 1 });
    const hidden = await createCategory(t, op, { name: '隐藏', sort: 0, isVisible: false });
    const dress = await createCategory(t, op, { name: '连衣裙', parentId: women.id, sort: 5 });
    const skirt = await createCategory(t, op, { name: '半身裙', parentId: women.id, sort: 1 });
    await createCategory(t, op, { name: '隐藏子类', parentId: women.id, isVisible: false });
    await createCategory(t, op, { name: '隐藏父类的子类', parentId: hidden.id });

    const res = await t.http.get('/api/v1/categories');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { id: men.id, parentId: null, name: '男装', iconUrl: '', sort: 1, isVisible: true, children: [] },
      {
        id: women.id,
        parentId: null,
        name: '女装',
        iconUrl: 'https://img.example.com/w.png',
        sort: 2,
        isVisible: true,
        children: [
          { id: skirt.id, parentId: women.id, name: '半身裙', iconUrl: '', sort: 1, isVisible: true },
          { id: dress.id, parentId: women.id, name: '连衣裙', iconUrl: '', sort: 5, isVisible: true },
        ],
      },
    ]);

    const admin = await t.http.get('/api/v1/admin/categories', { token: op });
    expect(admin.body.map((c: any) => [c.name, c.children.length])).toEqual([
      ['隐藏', 1],
      ['男装', 0],
      ['女装', 3],
    ]);
    expect((await t.http.get(`/api/v1/admin/categories/${dress.id}`, { token: op })).body).toMatchObject({ name: '连衣裙' });
    expect((await t.http.get('/api/v1/admin/categories/999999', { token: op })).status).toBe(404);
  });

  it('keeps the tree at two levels', async () => {
    const top = await createCategory(t, op, { name: '数码' });
    const leaf = await createCategory(t, op, { name: '耳机', parentId: top.id });
    const deeper = await t.http.post('/api/v1/admin/categories', { name: '蓝牙耳机', parentId: leaf.id }, { token: op });
    expect(deeper.status).toBe(409);
    expect(deeper.body.code).toBe('CATEGORY_DEPTH_EXCEEDED');

    // A top category with children cannot move under another; a category cannot be its own parent.
    const other = await createCategory(t, op, { name: '其他' });
    const move = await t.http.patch(`/api/v1/admin/categories/${top.id}`, { parentId: other.id }, { token: op });
    expect(move.status).toBe(409);
    expect(move.body.code).toBe('CATEGORY_DEPTH_EXCEEDED');
    const self = await t.http.patch(`/api/v1/admin/categories/${other.id}`, { parentId: other.id }, { token: op });
    expect(self.status).toBe(400);
    expect(fieldsOf(self.body)).toEqual(['parentId']);
    const missing = await t.http.post('/api/v1/admin/categories', { name: 'x', parentId: 999999 }, { token: op });
    expect(missing.status).toBe(400);
    expect(fieldsOf(missing.body)).toEqual(['parentId']);

    // Moving a leaf to another top, and promoting it to the top level, are fine.
    const moved = await t.http.patch(`/api/v1/admin/categories/${leaf.id}`, { parentId: other.id, name: '耳机配件' }, { token: op });
    expect(moved.body).toMatchObject({ parentId: other.id, name: '耳机配件' });
    const promoted = await t.http.patch(`/api/v1/admin/categories/${leaf.id}`, { parentId: null }, { token: op });
    expect(promoted.body.parentId).toBeNull();
  });

  it('gives a category holding products no subcategories', async () => {
    const top = await createCategory(t, op, { name: '礼品' });
    await createProduct(t, op, productDoc(top.id));
    const res = await t.http.post('/api/v1/admin/categories', { name: '礼品卡', parentId: top.id }, { token: op });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CATEGORY_HAS_PRODUCTS');
  });

  it('refuses to delete a category with children or products (409 CATEGORY_NOT_EMPTY)', async () => {
    const top = await createCategory(t, op, { name: '家居' });
    const leaf = await createCategory(t, op, { name: '收纳', parentId: top.id });
    const p = await createProduct(t, op, productDoc(leaf.id));

    const withChildren = await t.http.delete(`/api/v1/admin/categories/${top.id}`, { token: op });
    expect(withChildren.status).toBe(409);
    expect(withChildren.body).toMatchObject({ code: 'CATEGORY_NOT_EMPTY', details: { children: 1, products: 0 } });
    const withProducts = await t.http.delete(`/api/v1/admin/categories/${leaf.id}`, { token: op });
    expect(withProducts.status).toBe(409);
    expect(withProducts.body).toMatchObject({ code: 'CATEGORY_NOT_EMPTY', details: { children: 0, products: 1 } });

    // A deleted product no longer holds the category.
    await t.http.delete(`/api/v1/admin/products/${p.id}`, { token: op });
    expect((await t.http.delete(`/api/v1/admin/categories/${leaf.id}`, { token: op })).status).toBe(204);
    expect((await t.http.delete(`/api/v1/admin/categories/${top.id}`, { token: op })).status).toBe(204);
    expect((await t.http.delete(`/api/v1/admin/categories/${top.id}`, { token: op })).status).toBe(404);
  });

  it('validates category documents', async () => {
    for (const [body, field] of [
      [{}, 'name'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(33) }, 'name'],
      [{ name: 'a', parentId: 0 }, 'parentId'],
      [{ name: 'a', parentId: '1' }, 'parentId'],
      [{ name: 'a', iconUrl: 'ftp://x' }, 'iconUrl'],
      [{ name: 'a', sort: 1.5 }, 'sort'],
      [{ name: 'a', isVisible: 'yes' }, 'isVisible'],
      [{ name: 'a', extra: 1 }, 'extra'],
    ] as [Record<string, unknown>, string][]) {
      const res = await t.http.post('/api/v1/admin/categories', body, { token: op });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
  });
});
