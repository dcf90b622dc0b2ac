import { getMetadataStorage } from 'class-validator';
import { listRoutes, type RouteInfo, startTestApp, type TestApp, type HttpResult } from '@app/testing';

/**
 * Sends bad input to EVERY route of the app (routes added by later modules are picked up
 * automatically): malformed JSON, non-object bodies, unknown fields, wrong types and huge strings for
 * every declared field, bad ids. Each must get a 400 naming the field, never a 500.
 */
const MISSING_ID = '2147483000';
const BAD_IDS = ['abc', '-1', '0', '1.5', '1e3', '99999999999', '%20'];
const HUGE = 'x'.repeat(100_000);

function dtoFields(type: Function | undefined): string[] {
  if (!type || type === Object) return [];
  const metas = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false);
  return [...new Set(metas.map((m) => m.propertyName))];
}

function hasValidator(type: Function | undefined, field: string, names: string[]): boolean {
  if (!type) return false;
  return getMetadataStorage()
    .getTargetValidationMetadatas(type, '', true, false)
    .some((m) => m.propertyName === field && names.includes(m.name ?? ''));
}

const isNumericField = (type: Function | undefined, field: string): boolean =>
  hasValidator(type, field, ['isInt', 'isNumber', 'min', 'max', 'isLatitude', 'isLongitude']);
const isIntField = (type: Function | undefined, field: string): boolean => hasValidator(type, field, ['isInt']);

const isIdParam = (name: string): boolean => name === 'id' || name.endsWith('Id');
const named = (res: HttpResult, field: string): boolean =>
  (res.body?.details?.fields ?? []).some(
    (f: { field: string }) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`),
  );

describe('bad input on every route', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens: Record<string, string | undefined> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_TRIGGER_TOKEN: 'trigger-token-0123456789' } });
    routes = listRoutes(t.app);
    tokens.user = (await t.loginUser()).token;
    tokens.admin = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  // Logout ends the token it is called with: that route gets a fresh token each time.
  const tokenFor = async (r: RouteInfo): Promise<string | undefined> =>
    r.path === '/api/v1/admin/auth/logout' ? t.loginAdmin() : r.access?.kind === 'public' ? undefined : tokens[r.access?.kind ?? 'user'];
  const call = async (r: RouteInfo, path: string, opts: { body?: unknown; rawBody?: string } = {}): Promise<HttpResult> =>
    t.http.request(r.method, path, { ...opts, token: await tokenFor(r) });
  const concrete = (r: RouteInfo): string => r.path.replace(/:(\w+)/g, () => MISSING_ID);
  let failures: string[] = [];
  beforeEach(() => {
    failures = [];
  });
  const check = (ok: boolean, what: string, res: HttpResult): void => {
    if (!ok) failures.push(`${what} -> ${res.status} ${res.text.slice(0, 200)}`);
  };

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.bodyType).length).toBeGreaterThan(5);
    const jobsList = routes.find((r) => r.path === '/api/v1/admin/jobs' && r.method === 'GET');
    expect([isNumericField(jobsList?.queryType, 'page'), isNumericField(jobsList?.queryType, 'type')]).toEqual([true, false]);
  });

  it('refuses malformed and non-object bodies with 400', async () => {
    for (const r of routes.filter((x) => x.bodyType)) {
      const path = concrete(r);
      for (const raw of ['{"unterminated": ', 'null', '[1,2]', '"text"', '42']) {
        const res = await call(r, path, { rawBody: raw });
        check(res.status === 400, `${r.method} ${r.path} body ${raw}`, res);
      }
    }
    expect(failures).toEqual([]);
  });

  it('takes an empty JSON body (wx.request without data) as no body: required fields named, body-less routes unaffected', async () => {
    for (const r of routes.filter((x) => x.method !== 'GET' && x.method !== 'DELETE')) {
      const res = await call(r, concrete(r), { rawBody: '' });
      check(res.status < 500 && res.body?.code !== 'FST_ERR_CTP_EMPTY_JSON_BODY', `${r.method} ${r.path} empty body`, res);
    }
    expect(failures).toEqual([]);
    const cart = await t.http.request('POST', '/api/v1/cart/items', { rawBody: '', token: tokens.user });
    expect([cart.status, named(cart, 'skuId'), named(cart, 'quantity')]).toEqual([400, true, true]);
    // A body-less route reaches its handler: the (missing) order is the only complaint.
    const pay = await t.http.request('POST', `/api/v1/orders/${MISSING_ID}/pay`, { rawBody: '', token: tokens.user });
    expect([pay.status, pay.body.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses unknown fields, wrong types and huge strings naming the field', async () => {
    for (const r of routes.filter((x) => x.bodyType)) {
      const path = concrete(r);
      const unknown = await call(r, path, { body: { notAField: 1 } });
      check(unknown.status === 400 && named(unknown, 'notAField'), `${r.method} ${r.path} unknown field`, unknown);
      for (const field of dtoFields(r.bodyType)) {
        for (const [label, value] of [
          ['object', { nested: { deep: true } }],
          ['huge string', HUGE],
          ['huge number', 1e300],
        ] as const) {
          const res = await call(r, path, { body: { [field]: value } });
          check(
            res.status === 400 && res.body.code === 'VALIDATION_FAILED' && named(res, field),
            `${r.method} ${r.path} ${field}=${label}`,
            res,
          );
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses bad ids in the path naming the parameter', async () => {
    for (const r of routes.filter((x) => x.params.length > 0)) {
      for (const param of r.params) {
        for (const bad of BAD_IDS) {
          const path = r.path.replace(/:(\w+)/g, (_, p: string) => (p === param ? bad : MISSING_ID));
          const res = await call(r, path, r.bodyType ? { body: {} } : {});
          if (isIdParam(param)) check(res.status === 400 && named(res, param), `${r.method} ${path}`, res);
          else check(res.status >= 400 && res.status < 500, `${r.method} ${path}`, res);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses bad query parameters naming them', async () => {
    for (const r of routes.filter((x) => x.queryType)) {
      const path = concrete(r);
      const unknown = await call(r, `${path}?notAParam=1`);
      check(unknown.status === 400 && named(unknown, 'notAParam'), `${r.method} ${r.path} ?notAParam`, unknown);
      for (const field of dtoFields(r.queryType)) {
        const bads = isNumericField(r.queryType, field) ? ['x'.repeat(3000), '-99999999999999', 'abc'] : ['x'.repeat(3000)];
        if (isIntField(r.queryType, field)) bads.push('1.5');
        for (const bad of bads) {
          const res = await call(r, `${path}?${field}=${encodeURIComponent(bad)}`);
          check(res.status === 400 && named(res, field), `${r.method} ${r.path} ?${field}=${bad.slice(0, 10)}…`, res);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('never answers 500 to a request without a body, with or without credentials', async () => {
    for (const r of routes) {
      for (const token of [undefined, tokens.user, tokens.admin]) {
        const res = await t.http.request(r.method, concrete(r), { token });
        check(res.status < 500 || res.status === 503, `${r.method} ${r.path} (token: ${token ? 'yes' : 'no'})`, res);
      }
    }
    expect(failures).toEqual([]);
  });
});
