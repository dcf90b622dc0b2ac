import { startTestApp, TEST_OWNER, type TestApp } from '@app/testing';

describe('admin accounts', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  it('creates the bootstrap owner once, and never again once any admin exists', async () => {
    expect(await t.sql("SELECT username, role FROM admin_user WHERE role = 'owner'")).toEqual([
      { username: TEST_OWNER.username, role: 'owner' },
    ]);
    const again = await startTestApp({
      database: t.db,
      wechat: t.wechat,
      env: { ADMIN_BOOTSTRAP_USERNAME: 'another-owner', ADMIN_BOOTSTRAP_PASSWORD: 'another-password' },
    });
    await again.close();
    expect(await t.sql("SELECT id FROM admin_user WHERE username = 'another-owner'")).toEqual([]);
  });

  it('stores scrypt hashes, never the password', async () => {
    const [row] = await t.sql('SELECT password_hash FROM admin_user WHERE username = ?', [TEST_OWNER.username]);
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain(TEST_OWNER.password);
  });

  it('answers wrong passwords and unknown users alike', async () => {
    const wrong = await t.http.post('/api/v1/admin/auth/login', { username: TEST_OWNER.username, password: 'nope' });
    const unknown = await t.http.post('/api/v1/admin/auth/login', { username: 'ghost', password: 'nope' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([401, 'INVALID_CREDENTIALS', wrong.body.message]);
    await t.loginAdmin(); // resets the failure count
  });

  it('shows one admin account to an owner, 404 for an unknown id', async () => {
    await t.createAdmin('operator', 'shown');
    const [{ id }] = await t.sql("SELECT id FROM admin_user WHERE username = 'shown'");
    const res = await t.http.get(`/api/v1/admin/admin-users/${id}`, { token: owner });
    expect(res.body).toMatchObject({ id, username: 'shown', role: 'operator', status: 'active', boundOpenid: null });
    const unknown = await t.http.get('/api/v1/admin/admin-users/999999', { token: owner });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('lets an owner reset a password, which lifts login throttling and ends its sessions', async () => {
    const token = await t.createAdmin('viewer', 'resetme');
    const [{ id }] = await t.sql("SELECT id FROM admin_user WHERE username = 'resetme'");
    for (let i = 0; i < 5; i++) await t.http.post('/api/v1/admin/auth/login', { username: 'resetme', password: 'x' });
    expect((await t.http.post('/api/v1/admin/auth/login', { username: 'resetme', password: 'resetme-password' })).status).toBe(429);
    const reset = await t.http.patch(`/api/v1/admin/admin-users/${id}`, { password: 'brand-new-password' }, { token: owner });
    expect(reset.status).toBe(200);
    expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(401); // old session ended
    expect((await t.http.post('/api/v1/admin/auth/login', { username: 'resetme', password: 'brand-new-password' })).status).toBe(200);
  });

  describe('roles', () => {
    let operator: string;
    let viewer: string;
    beforeAll(async () => {
      operator = await t.createAdmin('operator');
      viewer = await t.createAdmin('viewer');
    });

    it('only owners manage admin accounts', async () => {
      for (const token of [operator, viewer]) {
        expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(403);
        const create = await t.http.post(
          '/api/v1/admin/admin-users',
          { username: 'sneaky', password: 'sneaky-password', role: 'owner' },
          { token },
        );
        expect([create.status, create.body.code]).toEqual([403, 'FORBIDDEN']);
      }
      expect(await t.sql("SELECT id FROM admin_user WHERE username = 'sneaky'")).toEqual([]);
      const list = await t.http.get('/api/v1/admin/admin-users?page=1&pageSize=50', { token: owner });
      expect(list.status).toBe(200);
      expect(list.body.items.every((a: Record<string, unknown>) => !('passwordHash' in a))).toBe(true);
    });

    it('applies a demotion at once (roles are read from the account, not the token)', async () => {
      const token = await t.createAdmin('owner', 'demoted-owner');
      const [{ id }] = await t.sql("SELECT id FROM admin_user WHERE username = 'demoted-owner'");
      expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(200);
      expect((await t.http.patch(`/api/v1/admin/admin-users/${id}`, { role: 'viewer' }, { token: owner })).status).toBe(200);
      expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(403);
    });

    it('refuses anonymous callers with 401', async () => {
      expect((await t.http.get('/api/v1/admin/admin-users')).status).toBe(401);
    });
  });

  it('never lets the last active owner be demoted or disabled', async () => {
    const owners = await t.sql("SELECT id FROM admin_user WHERE role = 'owner' AND status = 'active'");
    const [first, ...others] = owners.map((o: { id: number }) => o.id);
    for (const id of others)
      expect((await t.http.patch(`/api/v1/admin/admin-users/${id}`, { status: 'disabled' }, { token: owner })).status).toBe(200);
    const demote = await t.http.patch(`/api/v1/admin/admin-users/${first}`, { role: 'operator' }, { token: owner });
    expect([demote.status, demote.body.code]).toEqual([409, 'LAST_OWNER']);
    const disable = await t.http.patch(`/api/v1/admin/admin-users/${first}`, { status: 'disabled' }, { token: owner });
    expect([disable.status, disable.body.code]).toEqual([409, 'LAST_OWNER']);
  });

  it('rejects duplicate usernames and doubly-bound openids with 409', async () => {
    const body = { username: 'twin', password: 'twin-password', role: 'viewer', boundOpenid: 'o_twin' };
    expect((await t.http.post('/api/v1/admin/admin-users', body, { token: owner })).status).toBe(201);
    const dupName = await t.http.post('/api/v1/admin/admin-users', { ...body, boundOpenid: undefined }, { token: owner });
    expect([dupName.status, dupName.body.code]).toEqual([409, 'USERNAME_TAKEN']);
    const dupOpenid = await t.http.post('/api/v1/admin/admin-users', { ...body, username: 'twin2' }, { token: owner });
    expect([dupOpenid.status, dupOpenid.body.code]).toEqual([409, 'OPENID_ALREADY_BOUND']);
  });

  it('lets a shopper whose openid is bound to an active admin use /admin with that role', async () => {
    const { token } = await t.loginUser('o_boss_in_app');
    expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(403);
    const created = await t.http.post(
      '/api/v1/admin/admin-users',
      { username: 'boss-in-app', password: 'boss-password', role: 'owner', boundOpenid: 'o_boss_in_app' },
      { token: owner },
    );
    expect(created.status).toBe(201);
    expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(200);
    await t.http.patch(`/api/v1/admin/admin-users/${created.body.id}`, { status: 'disabled' }, { token: owner });
    expect((await t.http.get('/api/v1/admin/admin-users', { token })).status).toBe(403);
    expect((await t.http.get('/api/v1/me', { token })).status).toBe(200); // still a shopper
  });
});
