import { randomBytes } from 'node:crypto';
import { readPng } from '@app/testing';
import { type PayWorld, promoter, setSettings, startDistWorld } from './dist-fixtures';

const CODE_PATH = '/wxa/getwxacodeunlimit';

describe('share codes (wxacode.getUnlimited)', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    // A short WeChat timeout: the test of a silent WeChat waits for it.
    w = await startDistWorld({ WX_API_TIMEOUT_MS: '1500' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  /** GET /distribution/share-code as raw bytes (the test client reads JSON). */
  async function fetchCode(token: string): Promise<{ status: number; type: string; bytes: Buffer; json?: any }> {
    const res = await fetch(`${w.t.url}/api/v1/distribution/share-code`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, bytes, json: type.includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined };
  }
  const stored = (promoterId: number) =>
    w.t.sql('SELECT seq, page, chunks, LENGTH(data) AS len FROM promoter_share_code WHERE promoter_id = ? ORDER BY seq', [promoterId]);

  it('made once by WeChat with the access token, scene = the promoter code, page from the settings; then served from storage', async () => {
    const p = await promoter(w);
    const before = w.t.wechat.callsTo(CODE_PATH).length;
    const first = await fetchCode(p.token);
    expect([first.status, first.type]).toEqual([200, 'image/png']);
    expect(readPng(first.bytes)).toMatchObject({ width: 430, height: 430 });
    const calls = w.t.wechat.callsTo(CODE_PATH).slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get('access_token')).toBe(w.t.wechat.accessToken);
    expect(calls[0]!.body).toEqual({ scene: p.code, page: 'pages/index/index', check_path: true, env_version: 'release', width: 430 });
    expect(await stored(p.promoterId)).toEqual([
      { seq: 0, page: 'pages/index/index', chunks: 1, len: first.bytes.toString('base64').length },
    ]);
    const again = await fetchCode(p.token);
    expect(again.bytes.equals(first.bytes)).toBe(true);
    expect(w.t.wechat.callsTo(CODE_PATH).length - before).toBe(1);
    // Another promoter, another code.
    const other = await promoter(w);
    expect((await fetchCode(other.token)).bytes.equals(first.bytes)).toBe(false);
  });

  it('concurrent first requests share one WeChat call; a revoked token is fetched again', async () => {
    const p = await promoter(w);
    w.t.wechat.revokeToken();
    const before = w.t.wechat.callsTo(CODE_PATH).length;
    const results = await Promise.all(Array.from({ length: 5 }, () => fetchCode(p.token)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.every((r) => r.bytes.equals(results[0]!.bytes))).toBe(true);
    // The call refused for the revoked token, then the one with the new token.
    expect(w.t.wechat.codes.filter((c) => c.scene === p.code)).toHaveLength(1);
    expect(w.t.wechat.callsTo(CODE_PATH).length - before).toBe(2);
  });

  it('a change of the share page or version makes a new code; a page WeChat refuses is a clear 502 and keeps the stored one', async () => {
    const p = await promoter(w);
    const first = await fetchCode(p.token);
    await setSettings(w, { sharePage: 'pages/share/index' }); // not in the published version
    const refused = await fetchCode(p.token);
    expect([refused.status, refused.json.code, refused.json.details]).toEqual([502, 'SHARE_CODE_REFUSED', { errcode: 41030 }]);
    expect(refused.json.message).toContain('pages/share/index');
    expect((await stored(p.promoterId))[0].page).toBe('pages/index/index');
    await setSettings(w, { shareEnvVersion: 'trial' });
    const trial = await fetchCode(p.token);
    expect(trial.status).toBe(200);
    expect(trial.bytes.equals(first.bytes)).toBe(false);
    expect(w.t.wechat.callsTo(CODE_PATH).at(-1)!.body).toMatchObject({
      page: 'pages/share/index',
      check_path: false,
      env_version: 'trial',
    });
    expect((await stored(p.promoterId)).map((r: any) => r.page)).toEqual(['pages/share/index@trial']);
    w.t.wechat.publishedPages.add('pages/share/index');
    await setSettings(w, { shareEnvVersion: 'release' });
    expect((await fetchCode(p.token)).status).toBe(200);
    expect((await stored(p.promoterId)).map((r: any) => r.page)).toEqual(['pages/share/index']);
    await setSettings(w, { sharePage: 'pages/index/index' });
    expect(
      (await w.t.http.patch('/api/v1/admin/distribution/settings', { reason: 'x', sharePage: '/pages/a' }, { token: w.owner })).status,
    ).toBe(400);
  });

  it('an image larger than one stored chunk comes back whole', async () => {
    const p = await promoter(w);
    const big = Buffer.concat([readPngSignature(), randomBytes(100_000)]);
    w.t.wechat.failNext('POST', CODE_PATH, { headers: { 'content-type': 'image/jpeg' }, body: big });
    expect((await fetchCode(p.token)).bytes.equals(big)).toBe(true);
    const rows = await stored(p.promoterId);
    expect(rows.map((r: any) => [r.seq, r.chunks])).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
    expect((await fetchCode(p.token)).bytes.equals(big)).toBe(true);
  });

  it('WeChat down, silent or answering garbage: 503, nothing stored; only active promoters get a code', async () => {
    const p = await promoter(w);
    w.t.wechat.down.add(CODE_PATH);
    const down = await fetchCode(p.token);
    w.t.wechat.down.delete(CODE_PATH);
    expect([down.status, down.json.code]).toEqual([503, 'SHARE_CODE_UNAVAILABLE']);
    w.t.wechat.failNext('POST', CODE_PATH, { delayMs: 4000, headers: { 'content-type': 'image/png' }, body: Buffer.from('late') });
    const started = Date.now();
    const silent = await fetchCode(p.token);
    expect([silent.status, silent.json.code]).toEqual([503, 'SHARE_CODE_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(3500);
    w.t.wechat.failNext('POST', CODE_PATH, { headers: { 'content-type': 'image/png' }, body: Buffer.from('<html>proxy error</html>') });
    expect((await fetchCode(p.token)).status).toBe(503);
    expect(await stored(p.promoterId)).toEqual([]);
    expect((await fetchCode(p.token)).status).toBe(200);

    const shopper = await w.t.loginUser();
    expect((await w.t.http.get('/api/v1/distribution/share-code', { token: shopper.token })).body.code).toBe('NOT_A_PROMOTER');
    const disabled = await promoter(w);
    const d = await w.t.http.post(
      `/api/v1/admin/distribution/promoters/${disabled.promoterId}/disable`,
      { reason: 'test' },
      { token: operator },
    );
    expect(d.status).toBe(200);
    expect((await w.t.http.get('/api/v1/distribution/share-code', { token: disabled.token })).body.code).toBe('NOT_A_PROMOTER');
  });
});

function readPngSignature(): Buffer {
  return Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
}
