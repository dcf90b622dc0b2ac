import { startTestApp, type TestApp } from '@app/testing';

const ADDRESS = {
  receiverName: '张三',
  phone: '13800138000',
  province: '广东省',
  city: '深圳市',
  district: '南山区',
  detail: '科技园路1号',
  postalCode: '518000',
};

describe('addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const defaults = async (userId: number): Promise<number[]> =>
    (await t.sql('SELECT id FROM address WHERE user_id = ? AND is_default = 1', [userId])).map((r: { id: number }) => r.id);

  it('makes the first address the default and keeps exactly one default', async () => {
    const { token, userId } = await t.loginUser();
    const a = await t.http.post('/api/v1/addresses', ADDRESS, { token });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ ...ADDRESS, isDefault: true, fullAddress: '广东省深圳市南山区科技园路1号' });
    const b = await t.http.post('/api/v1/addresses', { ...ADDRESS, detail: '深南大道2号' }, { token });
    expect(b.body.isDefault).toBe(false);
    expect(await defaults(userId)).toEqual([a.body.id]);

    const c = await t.http.post('/api/v1/addresses', { ...ADDRESS, detail: '高新南一道3号', isDefault: true }, { token });
    expect(c.body.isDefault).toBe(true);
    expect(await defaults(userId)).toEqual([c.body.id]);

    await t.http.patch(`/api/v1/addresses/${b.body.id}`, { isDefault: true }, { token });
    expect(await defaults(userId)).toEqual([b.body.id]);
    const list = await t.http.get('/api/v1/addresses', { token });
    expect(list.body.map((x: { id: number }) => x.id)[0]).toBe(b.body.id); // default first

    const unset = await t.http.patch(`/api/v1/addresses/${b.body.id}`, { isDefault: false }, { token });
    expect([unset.status, unset.body.code]).toEqual([409, 'ADDRESS_DEFAULT_REQUIRED']);

    expect((await t.http.delete(`/api/v1/addresses/${b.body.id}`, { token })).status).toBe(204);
    expect((await defaults(userId)).length).toBe(1); // another address was promoted
    for (const x of (await t.http.get('/api/v1/addresses', { token })).body) await t.http.delete(`/api/v1/addresses/${x.id}`, { token });
    expect(await defaults(userId)).toEqual([]);
  });

  it('edits fields and validates them', async () => {
    const { token } = await t.loginUser();
    const a = await t.http.post('/api/v1/addresses', ADDRESS, { token });
    const edited = await t.http.patch(`/api/v1/addresses/${a.body.id}`, { detail: '  新地址 5 号  ', receiverName: '李四' }, { token });
    expect(edited.body).toMatchObject({ detail: '新地址 5 号', receiverName: '李四', isDefault: true });
    const bad = await t.http.post('/api/v1/addresses', { ...ADDRESS, phone: 'call me', postalCode: '12', detail: '' }, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['detail', 'phone', 'postalCode']);
  });

  it('allows at most 20 addresses per user, even under concurrent creates', async () => {
    const { token, userId } = await t.loginUser();
    const results = await Promise.all(
      Array.from({ length: 26 }, (_, i) => t.http.post('/api/v1/addresses', { ...ADDRESS, detail: `楼 ${i}` }, { token })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(20);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'ADDRESS_LIMIT')).toBe(true);
    expect(await t.sql('SELECT COUNT(*) AS n FROM address WHERE user_id = ?', [userId])).toEqual([{ n: 20 }]);
    expect(await defaults(userId)).toHaveLength(1);
  });

  it("treats other users' addresses as not found", async () => {
    const alice = await t.loginUser();
    const bob = await t.loginUser();
    const a = await t.http.post('/api/v1/addresses', ADDRESS, { token: alice.token });
    for (const res of [
      await t.http.get(`/api/v1/addresses/${a.body.id}`, { token: bob.token }),
      await t.http.patch(`/api/v1/addresses/${a.body.id}`, { detail: 'mine now' }, { token: bob.token }),
      await t.http.delete(`/api/v1/addresses/${a.body.id}`, { token: bob.token }),
    ]) {
      expect([res.status, res.body.code]).toEqual([404, 'NOT_FOUND']);
    }
    expect((await t.http.get(`/api/v1/addresses/${a.body.id}`, { token: alice.token })).body.detail).toBe(ADDRESS.detail);
    expect((await t.http.get('/api/v1/addresses', { token: bob.token })).body).toEqual([]);
  });
});
