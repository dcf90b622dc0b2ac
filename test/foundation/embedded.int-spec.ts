import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createApp } from '@app/api';
import { loadConfig } from '@app/config';
import { forgetContract, HttpClient } from '@app/testing';

/** `npm install && npm start` on a bare machine: no DATABASE_URL, an embedded SQLite file, dev login. */
describe('embedded demo mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-demo-'));
  let app: NestFastifyApplication;
  let http: HttpClient;

  beforeAll(async () => {
    const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS_IN_PROCESS: 'false' });
    expect(config.database.kind).toBe('embedded');
    // No shared document (sharedOpenApiDocument): /docs builds its own here, as it does for `npm start`.
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    http = new HttpClient(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await app?.close();
    if (http) forgetContract(http.baseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready on the embedded database file', async () => {
    const res = await http.get('/readyz');
    expect(res.status).toBe(200);
    expect(statSync(join(dir, 'wxmall.sqlite')).size).toBeGreaterThan(0);
  });

  it('lets a developer log in as any openid and use the shopper routes', async () => {
    const login = await http.post('/api/v1/auth/dev-login', { openid: 'o_demo' });
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    const created = await http.post(
      '/api/v1/addresses',
      { receiverName: '王五', phone: '13700000000', province: '上海市', city: '上海市', district: '浦东新区', detail: '世纪大道 1 号' },
      { token },
    );
    expect(created.status).toBe(201);
    expect(created.body.isDefault).toBe(true);
    expect((await http.get('/api/v1/addresses', { token })).body).toHaveLength(1);
  });

  it('points the bare address to the API docs', async () => {
    const res = await fetch(`${http.baseUrl}/`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/docs');
    expect((await http.get('/docs/openapi.json')).body.info.title).toBe('wxmall API');
  });

  it('creates the demo owner account', async () => {
    expect((await http.post('/api/v1/admin/auth/login', { username: 'admin', password: 'wxmall-demo' })).status).toBe(200);
  });
});
