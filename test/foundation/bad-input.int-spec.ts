import { getMetadataStorage } from 'class-validator';
import { listRoutes, mapLimit, type RouteInfo, startTestApp, type TestApp, type HttpResult } from '@app/testing';

/**
 * Sends bad input to EVERY route of the app (routes added by later modules are picked up
 * automatically): malformed JSON, non-object bodies, unknown fields, wrong types and huge strings for
 * every declared field, bad ids. Each must get a 400 naming the field, never a 500.
 */
const MISSING_ID = '2147483000';
const BAD_IDS = ['abc', '-1', '0', '1.5', '1e3', '99999999999', '%20'];
const HUGE = 'x'.repeat(100_000);
/** Refusals in flight at once: each is independent of the others (a 400 or 404 writes nothing). */
const PARALLEL = 4;

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
  /** A request and what its answer must be. */
  interface Refusal {
    r: RouteInfo;
    path: string;
    opts?: { body?: unknown; rawBody?: string };
    what: string;
    ok: (res: HttpResult) => boolean;
  }
  /** Sends the refusals a few at a time, checking each answer. */
  const refuse = async (refusals: Refusal[]): Promise<void> => {
    await mapLimit(refusals, PARALLEL, async ({ r, path, opts, what, ok }) => {
      const res = await call(r, path, opts);
      check(ok(res), what, res);
    });
  };

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.bodyType).length).toBeGreaterThan(5);
    const jobsList = routes.find((r) => r.path === '/api/v1/admin/jobs' && r.method === 'GET');
    expect([isNumericField(jobsList?.queryType, 'page'), isNumericField(jobsList?.queryType, 'type')]).toEqual([true, false]);
  });

  it('refuses malformed and non-object bodies with 400', async () => {
    await refuse(
      routes
        .filter((x) => x.bodyType)
        .flatMap((r) =>
          ['{"unterminated": ', 'null', '[1,2]', '"text"', '42'].map((raw) => ({
            r,
            path: concrete(r),
            opts: { rawBody: raw },
            what: `${r.method} ${r.path} body ${raw}`,
            ok: (res: HttpResult) => res.status === 400,
          })),
        ),
    );
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
    await refuse(
      routes
        .filter((x) => x.bodyType)
        .flatMap((r): Refusal[] => {
          const path = concrete(r);
          return [
            {
              r,
              path,
              opts: { body: { notAField: 1 } },
              what: `${r.method} ${r.path} unknown field`,
              ok: (res) => res.status === 400 && named(res, 'notAField'),
            },
            ...dtoFields(r.bodyType).flatMap((field) =>
              (
                [
                  ['object', { nested: { deep: true } }],
                  ['huge string', HUGE],
                  ['huge number', 1e300],
                ] as const
              ).map(([label, value]) => ({
                r,
                path,
                opts: { body: { [field]: value } },
                what: `${r.method} ${r.path} ${field}=${label}`,
                ok: (res: HttpResult) => res.status === 400 && res.body.code === 'VALIDATION_FAILED' && named(res, field),
              })),
            ),
          ];
        }),
    );
    expect(failures).toEqual([]);
  });

  it('refuses bad ids in the path naming the parameter', async () => {
    await refuse(
      routes
        .filter((x) => x.params.length > 0)
        .flatMap((r) =>
          r.params.flatMap((param) =>
            BAD_IDS.map((bad) => {
              const path = r.path.replace(/:(\w+)/g, (_, p: string) => (p === param ? bad : MISSING_ID));
              return {
                r,
                path,
                opts: r.bodyType ? { body: {} } : {},
                what: `${r.method} ${path}`,
                ok: (res: HttpResult) =>
                  isIdParam(param) ? res.status === 400 && named(res, param) : res.status >= 400 && res.status < 500,
              };
            }),
          ),
        ),
    );
    expect(failures).toEqual([]);
  });

  it('refuses bad query parameters naming them', async () => {
    await refuse(
      routes
        .filter((x) => x.queryType)
        .flatMap((r): Refusal[] => {
          const path = concrete(r);
          return [
            {
              r,
              path: `${path}?notAParam=1`,
              what: `${r.method} ${r.path} ?notAParam`,
              ok: (res) => res.status === 400 && named(res, 'notAParam'),
            },
            ...dtoFields(r.queryType).flatMap((field) => {
              const bads = isNumericField(r.queryType, field) ? ['x'.repeat(3000), '-99999999999999', 'abc'] : ['x'.repeat(3000)];
              if (isIntField(r.queryType, field)) bads.push('1.5');
              return bads.map((bad) => ({
                r,
                path: `${path}?${field}=${encodeURIComponent(bad)}`,
                what: `${r.method} ${r.path} ?${field}=${bad.slice(0, 10)}…`,
                ok: (res: HttpResult) => res.status === 400 && named(res, field),
              }));
            }),
          ];
        }),
    );
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
