import { type AdminRole } from '@app/auth';
import { roleAllows } from '@app/auth/testing';
import { listRoutes, type RouteInfo, startTestApp, type TestApp } from '@app/testing';

/**
 * The access matrix for EVERY route (later modules' routes included automatically): each declares a
 * rule; admin routes refuse anonymous (401), shoppers (403) and too-low roles (403), and let
 * sufficient roles through to validation or the handler.
 */
describe('access rules on every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const admins: Record<AdminRole, string> = { owner: '', operator: '', viewer: '' };
  let shopper: string;

  beforeAll(async () => {
    t = await startTestApp();
    routes = listRoutes(t.app);
    admins.owner = await t.loginAdmin();
    admins.operator = await t.createAdmin('operator');
    admins.viewer = await t.createAdmin('viewer');
    shopper = (await t.loginUser()).token;
  });
  afterAll(() => t?.close());

  const pathOf = (r: RouteInfo): string => r.path.replace(/:(\w+)/g, '2147483000');
  // Logout ends the token it is called with: checked apart, with tokens of its own.
  const LOGOUT = '/api/v1/admin/auth/logout';

  it('every route declares its access rule', () => {
    expect(routes.filter((r) => !r.access).map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('admin routes enforce roles', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (r.access?.kind !== 'admin' || r.path === LOGOUT) continue;
      const required = r.access.role;
      const anon = await t.http.request(r.method, pathOf(r), { body: r.bodyType ? {} : undefined });
      if (anon.status !== 401) failures.push(`${r.method} ${r.path} anonymous -> ${anon.status}`);
      const asShopper = await t.http.request(r.method, pathOf(r), { token: shopper, body: r.bodyType ? {} : undefined });
      if (asShopper.status !== 403) failures.push(`${r.method} ${r.path} shopper -> ${asShopper.status}`);
      for (const role of ['viewer', 'operator', 'owner'] as const) {
        const res = await t.http.request(r.method, pathOf(r), { token: admins[role], body: r.bodyType ? {} : undefined });
        const allowed = roleAllows(role, required);
        if (allowed ? res.status === 401 || res.status === 403 : res.status !== 403)
          failures.push(`${r.method} ${r.path} ${role} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets every admin, and only admins, log out', async () => {
    expect(routes.find((r) => r.path === LOGOUT)?.access).toEqual({ kind: 'admin', role: 'viewer' });
    expect((await t.http.post(LOGOUT)).status).toBe(401);
    expect((await t.http.post(LOGOUT, undefined, { token: shopper })).status).toBe(403);
    for (const role of ['viewer', 'operator', 'owner'] as const) {
      const token = await t.createAdmin(role, `logout-${role}`);
      expect((await t.http.post(LOGOUT, undefined, { token })).status).toBe(204);
    }
  });

  it('writes need at least the operator role (logout aside); only owners manage admins and jobs', () => {
    const weak = routes.filter((r) => r.access?.kind === 'admin' && r.method !== 'GET' && r.access.role === 'viewer' && r.path !== LOGOUT);
    expect(weak.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const ownerOnly = routes.filter((r) => /\/admin\/(admin-users|jobs)/.test(r.path));
    expect(ownerOnly.every((r) => r.access?.kind === 'admin' && r.access.role === 'owner')).toBe(true);
  });

  it('shopper routes refuse anonymous callers and admin tokens', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      if (r.access?.kind !== 'user') continue;
      for (const token of [undefined, admins.owner]) {
        const res = await t.http.request(r.method, pathOf(r), { token, body: r.bodyType ? {} : undefined });
        if (res.status !== 401) failures.push(`${r.method} ${r.path} ${token ? 'admin' : 'anonymous'} -> ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
