import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, fieldsOf, IMG, productDoc } from './catalog-fixtures';

const FUTIAN = { lat: 22.5431, lng: 114.0579 };

describe('catalog: storefront', () => {
  let t: TestApp;
  let op: string;

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createAdmin('operator');
  });
  afterAll(() => t?.close());

  const store = (over: Record<string, unknown>): Record<string, unknown> => ({
    name: '门店',
    province: '广东省',
    city: '深圳市',
    district: '福田区',
    address: '福华三路 88 号',
    latitude: 22.533013,
    longitude: 114.055036,
    phone: '0755-8888 0001',
    businessHours: '10:00-22:00',
    ...over,
  });

  describe('stores', () => {
    it('lists active stores, nearest first with distances when a position is given', async () => {
      const post = async (body: Record<string, unknown>): Promise<any> => {
        const res = await t.http.post('/api/v1/admin/stores', body, { token: op });
        expect(res.status).toBe(201);
        return res.body;
      };
      const gz = await post(
        store({ name: '广州天河店', city: '广州市', district: '天河区', latitude: 23.132091, longitude: 113.327316, sort: 0 }),
      );
      const sz = await post(store({ name: '深圳福田店', sort: 1 }));
      const closed = await post(store({ name: '已关店', status: 'inactive' }));
      expect(sz).toMatchObject({
        latitude: 22.533013,
        longitude: 114.055036,
        fullAddress: '广东省深圳市福田区福华三路 88 号',
        status: 'active',
      });

      const plain = await t.http.get('/api/v1/stores');
      expect(plain.body.items.map((s: any) => s.id)).toEqual([gz.id, sz.id]);
      expect(plain.body.items[0].distanceMeters).toBeUndefined();

      const near = await t.http.get(`/api/v1/stores?lat=${FUTIAN.lat}&lng=${FUTIAN.lng}`);
      expect(near.status).toBe(200);
      expect(near.body.items.map((s: any) => s.id)).toEqual([sz.id, gz.id]);
      const [first, second] = near.body.items;
      expect(first.distanceMeters).toBeGreaterThan(500);
      expect(first.distanceMeters).toBeLessThan(2_000);
      expect(second.distanceMeters).toBeGreaterThan(95_000);
      expect(second.distanceMeters).toBeLessThan(105_000);
      expect(near.body.total).toBe(2);

      const fromGz = await t.http.get('/api/v1/stores?lat=23.13&lng=113.33&pageSize=1');
      expect(fromGz.body).toMatchObject({ total: 2, pageSize: 1, items: [{ id: gz.id }] });

      expect((await t.http.patch(`/api/v1/admin/stores/${closed.id}`, { status: 'active' }, { token: op })).body.status).toBe('active');
      expect((await t.http.get('/api/v1/stores')).body.total).toBe(3);
      expect((await t.http.delete(`/api/v1/admin/stores/${closed.id}`, { token: op })).status).toBe(204);
      expect((await t.http.get(`/api/v1/admin/stores/${closed.id}`, { token: op })).status).toBe(404);
      expect((await t.http.get('/api/v1/admin/stores', { token: op })).body.total).toBe(2);
    });

    it('validates positions: lat in [-90, 90], lng in [-180, 180], both or neither', async () => {
      for (const [query, field] of [
        ['lat=91&lng=0', 'lat'],
        ['lat=-90.5&lng=0', 'lat'],
        ['lat=0&lng=180.1', 'lng'],
        ['lat=abc&lng=0', 'lat'],
        ['lat=22.5', 'lng'],
        ['lng=114', 'lat'],
      ]) {
        const res = await t.http.get(`/api/v1/stores?${query}`);
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      expect((await t.http.get('/api/v1/stores?lat=-90&lng=180')).status).toBe(200);
      for (const [over, field] of [
        [{ latitude: 90.1 }, 'latitude'],
        [{ longitude: -181 }, 'longitude'],
        [{ latitude: '22.5' }, 'latitude'],
        [{ latitude: 22.1234567 }, 'latitude'],
        [{ name: '' }, 'name'],
        [{ status: 'open' }, 'status'],
        [{ phone: 'call me' }, 'phone'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.post('/api/v1/admin/stores', store(over), { token: op });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
    });
  });

  describe('home', () => {
    it('shows live banners in order and sections with their on-sale products, in three queries', async () => {
      const cat = await createCategory(t, op, { name: '首页' });
      const p1 = await createProduct(t, op, productDoc(cat.id, { title: '商品一' }));
      const p2 = await createProduct(t, op, productDoc(cat.id, { title: '商品二' }));
      const draft = await createProduct(t, op, productDoc(cat.id, { title: '草稿', status: 'draft' }));
      const now = t.clock.now().getTime();
      const at = (ms: number): string => new Date(now + ms).toISOString();
      const banner = async (body: Record<string, unknown>): Promise<any> => {
        const res = await t.http.post('/api/v1/admin/banners', { image: IMG, ...body }, { token: op });
        expect(res.status).toBe(201);
        return res.body;
      };
      const b2 = await banner({ title: '第二', sort: 2, link: { type: 'product', id: p1.id } });
      const b1 = await banner({ title: '第一', sort: 1, link: { type: 'url', url: '/pages/goods/list/index' } });
      const later = await banner({ title: '未开始', sort: 0, startsAt: at(3_600_000) });
      await banner({ title: '已结束', sort: 0, endsAt: at(-1000) });
      await banner({ title: '停用', sort: 0, isActive: false });
      expect(b2.link).toEqual({ type: 'product', id: p1.id, url: null });

      const section = await t.http.post(
        '/api/v1/admin/home-sections',
        { title: '热卖', productIds: [p2.id, draft.id, p1.id], link: { type: 'category', id: cat.id } },
        { token: op },
      );
      expect(section.status).toBe(201);
      await t.http.post('/api/v1/admin/home-sections', { title: '空', productIds: [], sort: 5 }, { token: op });

      const spy = jest.spyOn(t.ds.logger, 'logQuery');
      const home = await t.http.get('/api/v1/home');
      const queries = spy.mock.calls.length;
      spy.mockRestore();
      expect(home.status).toBe(200);
      expect(queries).toBeLessThanOrEqual(3);
      expect(home.body.banners.map((b: any) => b.title)).toEqual(['第一', '第二']);
      expect(home.body.banners[0]).toEqual({
        id: b1.id,
        title: '第一',
        image: IMG,
        link: { type: 'url', id: null, url: '/pages/goods/list/index' },
      });
      expect(home.body.sections.map((s: any) => s.title)).toEqual(['热卖', '空']);
      expect(home.body.sections[0].products).toEqual([
        { id: p2.id, title: '商品二', mainImage: IMG, minPrice: 9900, maxPrice: 10900, linePrice: 12900, salesCount: 0 },
        { id: p1.id, title: '商品一', mainImage: IMG, minPrice: 9900, maxPrice: 10900, linePrice: 12900, salesCount: 0 },
      ]);

      // The clock moves: the scheduled banner starts.
      t.clock.advance(3_600_000);
      expect((await t.http.get('/api/v1/home')).body.banners.map((b: any) => b.id)).toEqual([later.id, b1.id, b2.id]);
    });

    it('manages banners and sections, validating links and product ids', async () => {
      const cat = await createCategory(t, op, { name: '链接' });
      const p = await createProduct(t, op, productDoc(cat.id));
      const b = (await t.http.post('/api/v1/admin/banners', { image: IMG }, { token: op })).body;
      expect(b).toMatchObject({ title: '', link: { type: 'none', id: null, url: null }, isActive: true, startsAt: null, endsAt: null });

      for (const [body, field] of [
        [{ link: { type: 'product' } }, 'link.id'],
        [{ link: { type: 'product', id: 999999 } }, 'link.id'],
        [{ link: { type: 'category', id: 999999 } }, 'link.id'],
        [{ link: { type: 'url' } }, 'link.url'],
        [{ link: { type: 'url', url: 'javascript:alert(1)' } }, 'link.url'],
        [{ link: { type: 'none', url: 'https://x.cn' } }, 'link.url'],
        [{ link: { type: 'product', id: p.id, url: 'https://x.cn' } }, 'link.url'],
        [{ link: { type: 'page' } }, 'link.type'],
        [{ link: 'none' }, 'link'],
        [{ startsAt: 'tomorrow' }, 'startsAt'],
        [{ startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' }, 'endsAt'],
        [{ image: 'not a url' }, 'image'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.patch(`/api/v1/admin/banners/${b.id}`, body, { token: op });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      const ok = await t.http.patch(
        `/api/v1/admin/banners/${b.id}`,
        { link: { type: 'category', id: cat.id }, endsAt: '2099-01-01T00:00:00.000Z', sort: 3 },
        { token: op },
      );
      expect(ok.body).toMatchObject({ link: { type: 'category', id: cat.id, url: null }, endsAt: '2099-01-01T00:00:00.000Z', sort: 3 });
      expect((await t.http.get(`/api/v1/admin/banners/${b.id}`, { token: op })).body).toEqual(ok.body);
      expect((await t.http.get('/api/v1/admin/banners', { token: op })).body.items.map((x: any) => x.id)).toContain(b.id);
      expect((await t.http.delete(`/api/v1/admin/banners/${b.id}`, { token: op })).status).toBe(204);
      expect((await t.http.delete(`/api/v1/admin/banners/${b.id}`, { token: op })).status).toBe(404);

      const bad = await t.http.post('/api/v1/admin/home-sections', { title: '坏', productIds: [p.id, 999999] }, { token: op });
      expect(bad.status).toBe(400);
      expect(fieldsOf(bad.body)).toEqual(['productIds']);
      for (const [body, field] of [
        [{ title: '重复', productIds: [p.id, p.id] }, 'productIds'],
        [{ title: '负数', productIds: [-1] }, 'productIds'],
        [{ title: '太多', productIds: Array.from({ length: 21 }, (_, i) => i + 1) }, 'productIds'],
        [{ productIds: [] }, 'title'],
      ] as [Record<string, unknown>, string][]) {
        const res = await t.http.post('/api/v1/admin/home-sections', body, { token: op });
        expect(res.status).toBe(400);
        expect(fieldsOf(res.body)).toEqual([field]);
      }
      const s = (await t.http.post('/api/v1/admin/home-sections', { title: '推荐', productIds: [p.id] }, { token: op })).body;
      const patched = await t.http.patch(`/api/v1/admin/home-sections/${s.id}`, { subtitle: '精选', productIds: [] }, { token: op });
      expect(patched.body).toMatchObject({ title: '推荐', subtitle: '精选', productIds: [] });
      expect((await t.http.get(`/api/v1/admin/home-sections/${s.id}`, { token: op })).body).toEqual(patched.body);
      expect((await t.http.get('/api/v1/admin/home-sections', { token: op })).body.items.map((x: any) => x.id)).toContain(s.id);
      expect((await t.http.delete(`/api/v1/admin/home-sections/${s.id}`, { token: op })).status).toBe(204);
      expect((await t.http.patch(`/api/v1/admin/home-sections/${s.id}`, { title: 'x' }, { token: op })).status).toBe(404);
    });
  });
});
