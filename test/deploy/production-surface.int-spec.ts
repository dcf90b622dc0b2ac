import { randomBytes } from 'node:crypto';
import { generateTestPayKeys, startTestApp, testPayEnv, type TestApp } from '@app/testing';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** What a production instance exposes besides the API: /docs only when enabled, /metrics only with its token. */
describe('production surface', () => {
  let prod: TestApp; // NODE_ENV=production, nothing enabled
  let open: TestApp; // NODE_ENV=production with DOCS_ENABLED and METRICS_TOKEN
  beforeAll(async () => {
    const env = {
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64'),
      DEV_LOGIN: 'false',
      ...testPayEnv(await generateTestPayKeys(), { baseUrl: 'http://127.0.0.1:9' }),
    };
    prod = await startTestApp({ env });
    open = await startTestApp({ database: prod.db, wechat: prod.wechat, env: { ...env, DOCS_ENABLED: 'true', METRICS_TOKEN } });
  });
  afterAll(async () => {
    await open?.close();
    await prod?.close();
  });

  it('serves no /docs unless DOCS_ENABLED', async () => {
    for (const path of ['/docs', '/docs/openapi.json']) {
      expect((await prod.http.get(path)).status).toBe(404);
      expect((await open.http.get(path)).status).toBe(200);
    }
  });

  it('serves no /metrics without METRICS_TOKEN, and only to its bearer with one', async () => {
    expect((await prod.http.get('/metrics')).status).toBe(404);
    expect((await open.http.get('/metrics')).status).toBe(401);
    const sameLength = `x${METRICS_TOKEN.slice(1)}`;
    for (const authorization of [`Bearer ${sameLength}`, `Bearer ${METRICS_TOKEN}x`, METRICS_TOKEN, `bearer ${METRICS_TOKEN}`]) {
      expect((await open.http.get('/metrics', { headers: { authorization } })).status).toBe(401);
    }
    const ok = await open.http.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('http_request_duration_seconds');
  });

  it('still answers health and the API', async () => {
    expect((await prod.http.get('/readyz')).status).toBe(200);
    expect((await prod.http.get('/api/v1/categories')).status).toBe(200);
  });
});
