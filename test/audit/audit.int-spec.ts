import type { ApplicationConfig } from '@nestjs/core';
import { listRoutes, startTestApp, type TestApp } from '@app/testing';

/** Issue 18: every admin write in one append-only log, listed and filtered by owners. */
describe('admin audit log', () => {
  let t: TestApp;
  let owner: string;
  let ownerId: number;
  let seq = 0;
  const rid = (): string => `audit-${Date.now().toString(36)}-${++seq}`;
  const rowOf = async (requestId: string): Promise<any> => {
    const res = await t.http.get(`/api/v1/admin/audit-logs?pageSize=100`, { token: owner });
    return res.body.items.find((i: any) => i.requestId === requestId);
  };

  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.loginAdmin();
    ownerId = (await t.sql<{ id: number }>("SELECT id FROM admin_user WHERE username = 'owner'"))[0]!.id;
  });
  afterAll(() => t?.close());

  it('records who, role, action, target, the redacted change, the request id and the outcome of each admin write', async () => {
    const created = rid();
    const cat = await t.http.post('/api/v1/admin/categories', { name: '审计' }, { token: owner, headers: { 'x-request-id': created } });
    expect(cat.status).toBe(201);
    expect(await rowOf(created)).toMatchObject({
      adminId: ownerId,
      adminUsername: 'owner',
      role: 'owner',
      viaUserId: null,
      action: 'adminCreateCategory',
      method: 'POST',
      route: '/api/v1/admin/categories',
      targetType: 'categories',
      targetId: String(cat.body.id), // a create's target is the id it answered
      summary: JSON.stringify({ name: '审计' }),
      requestId: created,
      outcome: 'succeeded',
      errorCode: null,
    });

    const failed = rid();
    const bad = await t.http.patch(
      '/api/v1/admin/categories/2147483000',
      { name: 'x' },
      { token: owner, headers: { 'x-request-id': failed } },
    );
    expect(bad.status).toBe(404);
    expect(await rowOf(failed)).toMatchObject({
      action: 'adminUpdateCategory',
      targetId: '2147483000',
      outcome: 'failed',
      errorCode: 'NOT_FOUND',
    });

    const secret = rid();
    const made = await t.http.post(
      '/api/v1/admin/admin-users',
      { username: 'audited-op', password: 'very-secret-password', role: 'operator' },
      { token: owner, headers: { 'x-request-id': secret } },
    );
    expect(made.status).toBe(201);
    const row = await rowOf(secret);
    expect(row.summary).not.toContain('very-secret-password');
    expect(JSON.parse(row.summary)).toEqual({ username: 'audited-op', password: '[redacted]', role: 'operator' });
  });

  it('covers every admin write route, including ones added later, without their help', async () => {
    const routes = listRoutes(t.app).filter(
      (r) => r.access?.kind === 'admin' && r.method !== 'GET' && r.path !== '/api/v1/admin/auth/logout',
    );
    expect(routes.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const r of routes) {
      const requestId = rid();
      const path = r.path.replace(/:(\w+)/g, '2147483000');
      await t.http.request(r.method, path, { token: owner, body: r.bodyType ? {} : undefined, headers: { 'x-request-id': requestId } });
      const rows = await t.sql('SELECT action, route, outcome FROM admin_audit_log WHERE request_id = ?', [requestId]);
      const [row] = rows;
      // Exactly one row: a method-level @AdminAuth under a class-level one binds the interceptor twice.
      if (rows.length !== 1 || row.route !== r.path || row.action === '' || row.outcome === 'pending')
        missing.push(`${r.method} ${r.path}`);
    }
    expect(missing).toEqual([]);
  });

  it('binds its interceptor to admin routes only: no other request runs through one (issue 14: /healthz at 0.5 of the floor)', () => {
    const routes = listRoutes(t.app);
    expect(routes.filter((r) => r.access?.kind === 'admin' && r.interceptors === 0).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(routes.filter((r) => r.access?.kind !== 'admin' && r.interceptors > 0).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    const config = (t.app as unknown as { config: ApplicationConfig }).config;
    expect([...config.getGlobalInterceptors(), ...config.getGlobalRequestInterceptors()]).toEqual([]);
  });

  it('records exports, the reads that take data out: each CSV route and each download of a file, with the filters asked', async () => {
    const viewer = await t.createAdmin('viewer');
    const routes = listRoutes(t.app).filter(
      (r) => r.method === 'GET' && r.path.startsWith('/api/v1/admin/exports/') && r.path !== '/api/v1/admin/exports/:id',
    );
    expect(routes.length).toBeGreaterThanOrEqual(9);
    // A streamed file's row is completed once its last byte is out, which the client may read first: wait for it.
    const completed = async (requestId: string): Promise<any[]> => {
      for (let i = 0; ; i++) {
        const rows = await t.sql('SELECT route, outcome FROM admin_audit_log WHERE request_id = ?', [requestId]);
        if (rows.some((r: any) => r.outcome !== 'pending') || i === 200) return rows;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const missing: string[] = [];
    for (const r of routes) {
      const requestId = rid();
      await t.http.get(r.path.replace(':id', '2147483000'), { token: viewer, headers: { 'x-request-id': requestId } });
      const rows = await completed(requestId);
      if (rows.length !== 1 || rows[0].route !== r.path || rows[0].outcome === 'pending') missing.push(r.path);
    }
    expect(missing).toEqual([]);

    const asked = rid();
    const csv = await t.http.get('/api/v1/admin/exports/orders?status=paid&orderNo=W2026', {
      token: viewer,
      headers: { 'x-request-id': asked },
    });
    expect(csv.status).toBe(200);
    await completed(asked);
    expect(await rowOf(asked)).toMatchObject({
      role: 'viewer',
      action: 'adminExportOrders',
      method: 'GET',
      route: '/api/v1/admin/exports/orders',
      targetType: 'exports',
      targetId: null,
      summary: JSON.stringify({ status: 'paid', orderNo: 'W2026' }),
      outcome: 'succeeded',
    });
    const refused = rid();
    expect(
      (await t.http.get('/api/v1/admin/exports/orders?status=lost', { token: viewer, headers: { 'x-request-id': refused } })).status,
    ).toBe(400);
    expect(await rowOf(refused)).toMatchObject({ action: 'adminExportOrders', outcome: 'failed', errorCode: 'VALIDATION_FAILED' });
    const file = rid();
    expect((await t.http.get('/api/v1/admin/exports/2147483000/file', { token: viewer, headers: { 'x-request-id': file } })).status).toBe(
      404,
    );
    expect(await rowOf(file)).toMatchObject({
      action: 'adminDownloadExport',
      targetId: '2147483000',
      outcome: 'failed',
      errorCode: 'NOT_FOUND',
    });
  });

  it('writes nothing for reads, shoppers or refused roles', async () => {
    const before = (await t.sql('SELECT COUNT(*) AS n FROM admin_audit_log'))[0].n;
    const viewer = await t.createAdmin('viewer');
    const afterSetup = (await t.sql('SELECT COUNT(*) AS n FROM admin_audit_log'))[0].n;
    expect(Number(afterSetup) - Number(before)).toBe(1); // createAdmin's own write
    await t.http.get('/api/v1/admin/categories', { token: owner });
    expect((await t.http.post('/api/v1/admin/categories', { name: 'v' }, { token: viewer })).status).toBe(403);
    expect((await t.sql('SELECT COUNT(*) AS n FROM admin_audit_log'))[0].n).toBe(afterSetup);
  });

  it('is listed and filtered for owners only', async () => {
    const operator = await t.createAdmin('operator');
    const viewer = await t.createAdmin('viewer');
    expect((await t.http.get('/api/v1/admin/audit-logs', { token: operator })).status).toBe(403);
    expect((await t.http.get('/api/v1/admin/audit-logs', { token: viewer })).status).toBe(403);
    expect((await t.http.get('/api/v1/admin/audit-logs')).status).toBe(401);

    const cat = await t.http.post('/api/v1/admin/categories', { name: '过滤' }, { token: operator });
    const byTarget = await t.http.get(`/api/v1/admin/audit-logs?targetType=categories&targetId=${cat.body.id}`, { token: owner });
    expect(byTarget.body.items.map((i: any) => [i.action, i.role])).toEqual([['adminCreateCategory', 'operator']]);
    const byAction = await t.http.get('/api/v1/admin/audit-logs?action=adminCreateAdminUser&outcome=succeeded', { token: owner });
    expect(byAction.body.total).toBeGreaterThanOrEqual(3);
    expect(byAction.body.items.every((i: any) => i.action === 'adminCreateAdminUser' && i.adminId === ownerId)).toBe(true);
    const ids = byAction.body.items.map((i: any) => i.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a)); // newest first
    const future = await t.http.get(
      `/api/v1/admin/audit-logs?from=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 365 * 10).toISOString())}`,
      {
        token: owner,
      },
    );
    expect(future.body.total).toBe(0);
    expect((await t.http.get('/api/v1/admin/audit-logs?outcome=maybe', { token: owner })).status).toBe(400);
  });

  it('is append-only in the database: no delete, no update but the one completion of a pending row', async () => {
    await expect(t.sql('DELETE FROM admin_audit_log')).rejects.toThrow(/append-only/);
    await expect(t.sql("UPDATE admin_audit_log SET summary = 'rewritten'")).rejects.toThrow(/append-only/);
    await expect(t.sql("UPDATE admin_audit_log SET outcome = 'failed' WHERE outcome = 'succeeded'")).rejects.toThrow(/append-only/);
    await t.sql(
      'INSERT INTO admin_audit_log (admin_id, role, action, method, route, target_type, summary, request_id, outcome, created_at) ' +
        "VALUES (1, 'owner', 'x', 'POST', '/r', 'r', '', 'manual', 'pending', NOW(3))",
    );
    await t.sql("UPDATE admin_audit_log SET outcome = 'succeeded', finished_at = NOW(3) WHERE request_id = 'manual'");
    await expect(t.sql("UPDATE admin_audit_log SET outcome = 'failed' WHERE request_id = 'manual'")).rejects.toThrow(/append-only/);
  });
});
