import { getMetadataStorage } from 'class-validator';
import {
  ADDRESS,
  createAddress,
  createShopProduct,
  type HttpResult,
  IMG,
  idempotencyKey,
  listRoutes,
  mapLimit,
  placeOrder,
  type RouteInfo,
  startTestApp,
  type TestApp,
} from '@app/testing';

/**
 * The bad-input sweep, driven by the served OpenAPI document: every documented operation, called as a
 * shopper and as an admin (and anonymously when public), on existing resources and on unknown ids, gets
 * broken JSON, non-object bodies, unknown fields, and for every body field and query parameter `null`,
 * wrong types, nested objects, oversized strings and arrays. Nothing may answer 5xx; a `null` in a field
 * the document does not mark nullable (clearable) is a 400 VALIDATION_FAILED naming the field; and the
 * service is still ready afterwards.
 *
 * Operations come from the document. Field names come from the document's request schemas (the Swagger CLI
 * plugin's, as in the build: test/jest/swagger-plugin.js) together with the class-validator metadata of the
 * handler's DTO and the keys of the operation's valid sample below.
 */
const UNKNOWN_ID = '2147483000';
const HUGE_STRING = 'x'.repeat(50_000);
const NESTED = { nested: { deep: { deeper: [1, { x: null }] } } };
const RAW_BODIES = [
  '{"unterminated": ',
  '{"a":1,}',
  'null',
  '[1,2]',
  '"text"',
  '42',
  'true',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
];
const QUERY_VALUES = ['', 'x'.repeat(3000), 'abc', '-1', '1.5', '1e300', 'null', '{}', '%00'];

/** Inside nested objects and list elements, fewer wrong values (the same validators run there). */
const NESTED_LABELS = new Set(['null', 'string', 'negative', 'boolean', 'array of arrays', 'nested object', 'huge string']);

type Json = Record<string, unknown>;
interface DocParam {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
}
interface Operation {
  method: string;
  /** As documented: /api/v1/orders/{id} */
  path: string;
  key: string;
  params: DocParam[];
  bodySchema?: { properties?: Record<string, { nullable?: boolean }> };
  hasBody: boolean;
  route: RouteInfo | undefined;
}
type Caller = 'anonymous' | 'shopper' | 'admin';

function validatedFields(type: Function | undefined): string[] {
  if (!type || type === Object) return [];
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(type, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
}

const named = (res: HttpResult, field: string): boolean =>
  (res.body?.details?.fields ?? []).some(
    (f: { field: string }) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`),
  );

/** Wrong values for one field: null, wrong types, nested objects, oversized strings and arrays. */
function wrongValues(valid: unknown): [string, unknown][] {
  const element = Array.isArray(valid) && valid.length > 0 ? valid[0] : 1;
  return [
    ['null', null],
    ['string', 'not-a-value'],
    ['empty string', ''],
    ['negative', -1],
    ['fraction', 1.5],
    ['boolean', true],
    ['empty array', []],
    ['array of null', [null]],
    ['array of arrays', [[]]],
    ['nested object', NESTED],
    ['huge string', HUGE_STRING],
    ['huge array', Array.from({ length: 500 }, () => element)],
  ];
}

describe('OpenAPI-driven bad-input sweep', () => {
  let t: TestApp;
  let operations: Operation[];
  const tokens: Record<Caller, string | undefined> = { anonymous: undefined, shopper: undefined, admin: undefined };
  /** Existing resources by the path segment naming them (or by parameter name). */
  const existing: Record<string, string> = {};
  /** Operations that change a resource for good get one of their own (path -> param value). */
  const own: Record<string, string> = {};
  let samples: Record<string, Json> = {};

  beforeAll(async () => {
    t = await startTestApp({ env: { JOBS_TRIGGER_TOKEN: 'trigger-token-0123456789' } });
    const doc = (await t.http.get('/docs/openapi.json')).body;
    const routes = listRoutes(t.app);
    operations = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        const op = item[method];
        if (!op) continue;
        const ref: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const routePath = path.replace(/\{(\w+)\}/g, ':$1');
        const upper = method.toUpperCase();
        operations.push({
          method: upper,
          path,
          key: `${upper} ${path}`,
          params: op.parameters ?? [],
          hasBody: op.requestBody !== undefined,
          bodySchema: ref ? doc.components.schemas[ref.split('/').pop()!] : undefined,
          route: routes.find((r) => r.method === upper && r.path === routePath),
        });
      }
    }
    // Resources that change for good (deleted, cancelled) come last.
    operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

    tokens.admin = await t.loginAdmin();
    const shopper = await t.loginUser();
    tokens.shopper = shopper.token;
    const owner = tokens.admin;
    const post = async (path: string, body: unknown, token = owner): Promise<any> => {
      const res = await t.http.post(path, body, { token });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
      return res.body;
    };
    const p = await createShopProduct(t, owner, [
      { price: 2500, stock: 1000 },
      { price: 1500, stock: 1000 },
    ]);
    const skuId = p.skuIds[0]!;
    const addressId = await createAddress(t, tokens.shopper);
    const cartItem = await post('/api/v1/cart/items', { skuId, quantity: 1 }, tokens.shopper);
    const paid = (
      await placeOrder(t, tokens.shopper, {
        items: [
          { skuId, quantity: 3 },
          { skuId: p.skuIds[1]!, quantity: 1 },
        ],
        addressId,
      })
    ).body;
    await post(`/api/v1/dev/payments/${paid.orderNo}/succeed`, undefined);
    const unpaid = (await placeOrder(t, tokens.shopper, { items: [{ skuId, quantity: 1 }], addressId })).body;
    // Refunded or closed by the merchant in the sweep: an order of its own.
    const refundable = (await placeOrder(t, tokens.shopper, { items: [{ skuId, quantity: 2 }], addressId })).body;
    await post(`/api/v1/dev/payments/${refundable.orderNo}/succeed`, undefined);
    const afterSale = await post(
      '/api/v1/after-sales',
      { orderId: paid.id, type: 'refund_only', reason: 'other', items: [{ orderItemId: paid.items[0].id, quantity: 1 }] },
      tokens.shopper,
    );
    const cancellable = await post(
      '/api/v1/after-sales',
      { orderId: paid.id, type: 'refund_only', reason: 'other', items: [{ orderItemId: paid.items[1].id, quantity: 1 }] },
      tokens.shopper,
    );
    // Disabled and enabled by the sweep: a shopper of its own, so the sweep's shopper keeps ordering.
    const customer = await t.loginUser();
    // A completed order with one reviewed item and one left to review.
    const received = (
      await placeOrder(t, tokens.shopper, {
        items: [
          { skuId, quantity: 1 },
          { skuId: p.skuIds[1]!, quantity: 1 },
        ],
        addressId,
      })
    ).body;
    await post(`/api/v1/orders/${received.id}/pay`, undefined, tokens.shopper);
    await post(`/api/v1/dev/payments/${received.orderNo}/succeed`, undefined);
    await post(`/api/v1/admin/orders/${received.id}/ship`, { expressCompany: 'SF', trackingNo: 'SF2468013' });
    await post(`/api/v1/orders/${received.id}/confirm-receipt`, undefined, tokens.shopper);
    const review = await post('/api/v1/reviews', { orderItemId: received.items[0].id, rating: 5, content: '清扫评价' }, tokens.shopper);
    const otherAdmin = await post('/api/v1/admin/admin-users', { username: 'sweep_other', password: 'sweep-password-1', role: 'viewer' });
    const store = await post('/api/v1/admin/stores', {
      name: '门店',
      province: '广东省',
      city: '深圳市',
      district: '南山区',
      address: '科技园路1号',
      latitude: 22.54,
      longitude: 113.95,
      pickupEnabled: true,
    });
    const pickup = (
      await placeOrder(t, tokens.shopper, {
        items: [{ skuId, quantity: 1 }],
        deliveryMode: 'pickup',
        pickupStoreId: store.id,
        pickerName: '李四',
        pickerPhone: '13900139000',
      })
    ).body;
    await post(`/api/v1/dev/payments/${pickup.orderNo}/succeed`, undefined);
    const couponTerms = {
      name: '清扫券',
      kind: 'no_threshold',
      amount: 100,
      scope: 'all',
      totalQuantity: 100,
      perUserLimit: 50,
      channel: 'public',
      validDays: 30,
    };
    const template = await post('/api/v1/admin/coupon-templates', couponTerms);
    const stoppable = await post('/api/v1/admin/coupon-templates', couponTerms);
    const coupon = await post('/api/v1/coupons/claim', { templateId: template.id }, tokens.shopper);
    const revocable = await post('/api/v1/coupons/claim', { templateId: template.id }, tokens.shopper);
    const banner = await post('/api/v1/admin/banners', { image: IMG, link: { type: 'product', id: p.productId } });
    const section = await post('/api/v1/admin/home-sections', { title: '精选', productIds: [p.productId] });
    const exportJob = (await t.http.get('/api/v1/admin/exports/orders?mode=job', { token: tokens.admin })).body;
    await t.http.patch(
      '/api/v1/admin/distribution/settings',
      { reason: 'sweep', enabled: true, promoterApproval: false, channels: ['manual'] },
      { token: owner },
    );
    const promoter = await post('/api/v1/distribution/promoter', {}, tokens.shopper);
    await t.sql('UPDATE promoter SET withdrawable = 1000000 WHERE id = ?', [promoter.id]);
    const withdrawal = await post('/api/v1/distribution/withdrawals', { amount: 1000, channel: 'manual' }, tokens.shopper);
    // Port 9 is one fetch never connects to: a delivery the sweep's tick might start fails at once, offline.
    const webhook = { url: 'https://127.0.0.1:9/hooks', eventTypes: ['order.paid'], description: 'sweep', enabled: true };
    const hook = await post('/api/v1/admin/webhooks/endpoints', webhook);
    const [job] = await t.sql<{ id: number }>('SELECT id FROM job ORDER BY id LIMIT 1');
    const [category] = await t.sql<{ id: number }>('SELECT category_id AS id FROM product WHERE id = ?', [p.productId]);
    Object.assign(existing, {
      addresses: String(addressId),
      'admin-users': String(otherAdmin.id),
      customers: String(customer.userId),
      jobs: String(job?.id ?? UNKNOWN_ID),
      exports: String(exportJob.id),
      products: String(p.productId),
      categories: String(category!.id),
      skus: String(skuId),
      stores: String(store.id),
      'coupon-templates': String(template.id),
      coupons: String(coupon.id),
      banners: String(banner.id),
      'home-sections': String(section.id),
      items: String(cartItem.id ?? cartItem.items?.[0]?.id),
      orders: String(paid.id),
      'after-sales': String(afterSale.id),
      reviews: String(review.id),
      orderNo: String(paid.orderNo),
      orderId: String(pickup.id),
      promoters: String(promoter.id),
      withdrawals: String(withdrawal.id),
      endpoints: String(hook.id),
      deliveryId: UNKNOWN_ID,
      userId: String(shopper.userId),
      productId: String(p.productId),
    });
    Object.assign(own, {
      '/api/v1/orders/{id}/cancel': String(unpaid.id),
      '/api/v1/admin/orders/{id}/cancel': String(unpaid.id),
      '/api/v1/orders/{id}/pay': String(unpaid.id),
      '/api/v1/admin/orders/{id}/refunds': String(refundable.id),
      '/api/v1/admin/orders/{id}/close': String(refundable.id),
      '/api/v1/after-sales/{id}/cancel': String(cancellable.id),
      '/api/v1/admin/coupon-templates/{id}/stop': String(stoppable.id),
      '/api/v1/admin/coupons/{id}/revoke': String(revocable.id),
    });

    const product = {
      categoryId: category!.id,
      title: '清扫商品',
      subtitle: '副标题',
      mainImage: IMG,
      images: [IMG],
      detailImages: [IMG],
      status: 'on_sale',
      specs: [{ name: '款式', values: ['白'] }],
      skus: [{ specValues: ['白'], price: 100, linePrice: 200, stock: 5, code: 'C1', image: IMG }],
    };
    const link = { type: 'product', id: p.productId };
    samples = {
      'POST /api/v1/auth/wx-login': { code: 'sweep-unknown-code' },
      'POST /api/v1/auth/dev-login': { openid: 'o_sweep' },
      'POST /api/v1/admin/auth/login': { username: 'sweep-nobody', password: 'wrong-password' },
      'PATCH /api/v1/me': { nickname: '清扫', avatarUrl: IMG },
      'POST /api/v1/me/phone': { code: 'sweep-phone-code' },
      'POST /api/v1/addresses': { ...ADDRESS, isDefault: false },
      'PATCH /api/v1/addresses/{id}': { ...ADDRESS, isDefault: true },
      'POST /api/v1/admin/admin-users': { username: 'sweep_new', password: 'sweep-password-2', role: 'viewer', boundOpenid: 'o_bound' },
      'PATCH /api/v1/admin/admin-users/{id}': { role: 'viewer', status: 'active', password: 'sweep-password-3', boundOpenid: 'o_b2' },
      'POST /api/v1/admin/categories': { name: '清扫分类', parentId: category!.id, iconUrl: IMG, sort: 1, isVisible: true },
      'PATCH /api/v1/admin/categories/{id}': { name: '清扫分类2', iconUrl: IMG, sort: 2, isVisible: true },
      'POST /api/v1/search/history': { keyword: '咖啡' },
      'PUT /api/v1/admin/search/pinned-words': { words: ['新品'] },
      'POST /api/v1/admin/products': product,
      'PATCH /api/v1/admin/products/{id}': { ...product, skus: [{ ...product.skus[0], id: skuId }] },
      'POST /api/v1/admin/skus/{id}/stock-adjustments': { delta: 1, reason: 'sweep' },
      'POST /api/v1/admin/stores': {
        name: '门店2',
        province: '省',
        city: '市',
        district: '区',
        address: '路',
        latitude: 1,
        longitude: 2,
        phone: '0755-1234567',
        businessHours: '10:00-22:00',
        status: 'active',
        sort: 1,
        pickupEnabled: true,
        pickupHours: '10:00-21:00',
        pickupPrepMinutes: 30,
      },
      'PATCH /api/v1/admin/stores/{id}': { name: '门店3', phone: '0755-1234567', businessHours: '9-21', status: 'active', sort: 2 },
      'POST /api/v1/admin/banners': {
        image: IMG,
        title: 'b',
        link,
        sort: 1,
        isActive: true,
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
      'PATCH /api/v1/admin/banners/{id}': {
        image: IMG,
        title: 'b2',
        link,
        sort: 2,
        isActive: true,
        startsAt: '2020-01-01T00:00:00Z',
        endsAt: '2099-01-01T00:00:00Z',
      },
      'POST /api/v1/admin/home-sections': {
        title: 's',
        subtitle: 'sub',
        image: IMG,
        productIds: [p.productId],
        link,
        sort: 1,
        isActive: true,
      },
      'PATCH /api/v1/admin/home-sections/{id}': {
        title: 's2',
        subtitle: 'sub',
        image: IMG,
        productIds: [p.productId],
        link,
        sort: 2,
        isActive: true,
      },
      'POST /api/v1/cart/items': { skuId, quantity: 1 },
      'PATCH /api/v1/cart/items/{id}': { quantity: 2, selected: true },
      'POST /api/v1/cart/select': { selected: true, itemIds: [Number(existing.items)] },
      'POST /api/v1/checkout/preview': { items: [{ skuId, quantity: 1 }], addressId, couponId: coupon.id },
      'POST /api/v1/coupons/claim': { templateId: template.id },
      'POST /api/v1/admin/pickups/verify': { code: '12345678', storeId: store.id },
      'POST /api/v1/admin/pickups/{orderId}/extend': { days: 2 },
      'POST /api/v1/admin/coupon-templates': {
        ...couponTerms,
        kind: 'percent_off',
        amount: undefined,
        ratePercent: 85,
        threshold: 100,
        maxDiscount: 500,
        scope: 'products',
        scopeIds: [p.productId],
        validDays: undefined,
        validFrom: '2020-01-01T00:00:00Z',
        validTo: '2099-01-01T00:00:00Z',
        stackable: false,
      },
      'POST /api/v1/admin/coupon-templates/{id}/issue': { userIds: [shopper.userId] },
      'POST /api/v1/admin/coupons/{id}/revoke': { reason: 'sweep' },
      'POST /api/v1/orders': { items: [{ skuId, quantity: 1 }], addressId, remark: 'sweep', couponId: coupon.id },
      'POST /api/v1/admin/orders/{id}/ship': { expressCompany: 'SF', trackingNo: 'SF1234567' },
      'POST /api/v1/admin/orders/{id}/cancel': { reason: 'sweep' },
      'POST /api/v1/after-sales/quote': { orderId: paid.id, type: 'refund_only', items: [{ orderItemId: paid.items[0].id, quantity: 1 }] },
      'POST /api/v1/after-sales': {
        orderId: paid.id,
        type: 'refund_only',
        reason: 'other',
        description: 'd',
        images: [IMG],
        items: [{ orderItemId: paid.items[0].id, quantity: 1 }],
      },
      'POST /api/v1/after-sales/{id}/return-shipment': { expressCompany: 'SF', trackingNo: 'SF7654321' },
      'POST /api/v1/admin/after-sales/{id}/approve': { refundAmount: 100, note: 'ok' },
      'POST /api/v1/admin/after-sales/{id}/reject': { reason: 'no' },
      'POST /api/v1/admin/after-sales/{id}/refuse-receipt': { reason: 'no' },
      'POST /api/v1/distribution/bind': { code: promoter.code },
      'POST /api/v1/distribution/promoter': { note: 'sweep' },
      'PATCH /api/v1/admin/distribution/settings': {
        reason: 'sweep',
        version: 1,
        enabled: true,
        promoterApproval: false,
        bindingMode: 'first_share',
        bindingDays: 0,
        firstLoginMinutes: 30,
        level1RateBp: 1000,
        level2RateBp: 500,
        selfPurchase: false,
        freezeDays: 7,
        withdrawMin: 100,
        withdrawMax: 100_000,
        withdrawDailyCount: 3,
        withdrawFeeBp: 0,
        channels: ['wechat', 'manual'],
        sharePage: 'pages/index/index',
      },
      'PUT /api/v1/admin/distribution/commission-rules': {
        productId: p.productId,
        skuId: 0,
        mode: 'rate',
        level1: 100,
        level2: 50,
        reason: 'sweep',
      },
      'POST /api/v1/admin/distribution/promoters/{id}/approve': { reason: 'sweep' },
      'POST /api/v1/admin/distribution/promoters/{id}/reject': { reason: 'sweep' },
      'POST /api/v1/admin/distribution/promoters/{id}/disable': { reason: 'sweep' },
      'POST /api/v1/admin/distribution/promoters/{id}/enable': { reason: 'sweep' },
      'PUT /api/v1/admin/distribution/bindings/{userId}': { promoterId: promoter.id, reason: 'sweep' },
      'POST /api/v1/distribution/withdrawals': { amount: 1000, channel: 'manual' },
      'POST /api/v1/admin/distribution/withdrawals/{id}/reject': { reason: 'sweep' },
      'POST /api/v1/admin/distribution/withdrawals/{id}/mark-paid': { reference: 'SWEEP-1' },
      'POST /api/v1/admin/webhooks/endpoints': webhook,
      'PATCH /api/v1/admin/webhooks/endpoints/{id}': webhook,
      'POST /api/v1/admin/webhooks/endpoints/{id}/rotate-secret': { overlapSeconds: 60 },
      'POST /api/v1/admin/webhooks/endpoints/{id}/replay': { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' },
      'POST /api/v1/admin/customers/{id}/disable': { reason: 'sweep' },
      'POST /api/v1/admin/customers/{id}/enable': { reason: 'sweep' },
      'POST /api/v1/admin/orders/{id}/refunds': { items: [{ orderItemId: refundable.items[0].id, quantity: 1 }], reason: 'sweep' },
      'POST /api/v1/admin/orders/{id}/close': { reason: 'sweep' },
      'POST /api/v1/admin/orders/{id}/notes': { body: 'sweep note' },
      'PATCH /api/v1/admin/settings': { shippingFee: 1000, customerServicePhone: '400-800-8888', customerServiceHours: '9-21' },
      'POST /api/v1/reviews': {
        orderItemId: received.items[1].id,
        rating: 4,
        content: '清扫',
        images: ['cloud://env-1.bucket/sweep.jpg'],
        anonymous: true,
      },
      'POST /api/v1/reviews/{id}/follow-up': { content: '追评', images: ['cloud://env-1.bucket/sweep2.jpg'] },
      'POST /api/v1/admin/reviews/{id}/hide': { reason: 'sweep' },
      'POST /api/v1/admin/reviews/{id}/show': { reason: 'sweep' },
      'POST /api/v1/admin/reviews/{id}/reply': { content: 'sweep' },
      'POST /api/v1/admin/reviews/{id}/pin': { pinned: true, reason: 'sweep' },
      'POST /api/v1/admin/reviews/{id}/approve': { reason: 'sweep', part: 'review' },
      'POST /api/v1/admin/reviews/{id}/reject': { reason: 'sweep', part: 'follow_up' },
    };
  });
  afterAll(() => t?.close());

  /** The id-like value for each path parameter: an existing resource, or one that does not exist. */
  function pathFor(op: Operation, ids: 'existing' | 'unknown'): string {
    return op.path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
      if (ids === 'unknown') return name === 'id' || name.endsWith('Id') ? UNKNOWN_ID : '00000000000000000000001';
      if (own[op.path]) return own[op.path]!;
      const noun = name === 'id' ? op.path.slice(0, offset).split('/').filter(Boolean).pop()! : name;
      const value = existing[noun];
      if (value === undefined) throw new Error(`${op.key}: no existing resource for {${name}} (add one to the sweep's fixtures)`);
      return value;
    });
  }

  const callersOf = (op: Operation): Caller[] => {
    const kind = op.route?.access?.kind;
    return kind === 'public' ? ['anonymous', 'shopper', 'admin'] : ['shopper', 'admin'];
  };
  /** The caller the route is for: it gets past the guard, so its requests reach validation and the service. */
  const isOwnCaller = (op: Operation, caller: Caller): boolean => {
    const kind = op.route?.access?.kind;
    return kind === 'public' ? caller === 'anonymous' : kind === 'admin' ? caller === 'admin' : caller === 'shopper';
  };

  it('reads the operations from the served document and finds their handlers', () => {
    expect(operations.length).toBeGreaterThan(50);
    expect(operations.filter((o) => !o.route).map((o) => o.key)).toEqual([]);
    const withBody = operations.filter((o) => o.hasBody);
    expect(withBody.length).toBeGreaterThan(20);
    expect(withBody.filter((o) => !samples[o.key]).map((o) => `${o.key} has no valid sample in the sweep`)).toEqual([]);
  });

  it('has no field left on IsOptional, which lets null through (ESLint refuses the import; this catches PartialType and the like)', () => {
    const all = (getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { name?: string; propertyName: string }[]> })
      .validationMetadatas;
    const bare = [...all].flatMap(([target, metas]) =>
      metas.filter((m) => m.name === 'isOptional').map((m) => `${target.name}.${m.propertyName}`),
    );
    expect(all.size).toBeGreaterThan(20);
    expect(bare).toEqual([]);
  });

  it('answers every operation without a 5xx, refuses null where the document does not allow it, and stays ready', async () => {
    const failures: string[] = [];
    let sent = 0;
    const send = async (
      op: Operation,
      caller: Caller,
      path: string,
      what: string,
      opts: { body?: unknown; rawBody?: string; contentType?: string },
    ): Promise<HttpResult> => {
      const headers: Record<string, string> = {};
      for (const p of op.params) if (p.in === 'header' && p.required) headers[p.name.toLowerCase()] = idempotencyKey();
      if (opts.contentType) headers['content-type'] = opts.contentType;
      sent++;
      // Logout revokes the token it is called with: give it one of its own, or the admin calls after it would all be 401.
      const token = caller === 'admin' && op.path.endsWith('/admin/auth/logout') ? await t.loginAdmin() : tokens[caller];
      const res = await t.http.request(op.method, path, { body: opts.body, rawBody: opts.rawBody, token, headers });
      if (res.status >= 500) failures.push(`${caller} ${op.method} ${path} ${what} -> ${res.status} ${res.text.slice(0, 160)}`);
      // A signed-in caller refused as unauthenticated means the sweep lost its token (and tested nothing after it).
      if (isOwnCaller(op, caller) && caller !== 'anonymous' && res.status === 401 && res.body?.code === 'UNAUTHENTICATED')
        failures.push(`${caller} ${op.method} ${path} ${what} -> 401: the sweep's token stopped working`);
      return res;
    };

    for (const op of operations) {
      // A read changes nothing, and a body its validation refuses never reaches the handler: those requests go a few at
      // a time. Any other goes alone, after all those before it: the writes happen one by one, in the same order.
      const queued: (() => Promise<unknown>)[] = [];
      const flush = async (): Promise<void> => {
        await mapLimit(queued.splice(0), 4, (next) => next());
      };
      const inOrder = async (...args: Parameters<typeof send>): Promise<HttpResult> => {
        await flush();
        return send(...args);
      };
      const request = async (...args: Parameters<typeof send>): Promise<unknown> =>
        op.method === 'GET' ? queued.push(() => send(...args)) : inOrder(...args);
      const refused = async (...args: Parameters<typeof send>): Promise<unknown> =>
        op.hasBody ? queued.push(() => send(...args)) : inOrder(...args);
      const sample = samples[op.key] ?? {};
      const schemaProps = op.bodySchema?.properties ?? {};
      const fields = [...new Set([...Object.keys(schemaProps), ...validatedFields(op.route?.bodyType), ...Object.keys(sample)])];
      const queryFields = [
        ...new Set([...op.params.filter((p) => p.in === 'query').map((p) => p.name), ...validatedFields(op.route?.queryType)]),
      ];
      const idSets: ('existing' | 'unknown')[] = op.path.includes('{') ? ['existing', 'unknown'] : ['existing'];
      for (const ids of idSets) {
        const path = pathFor(op, ids);
        for (const caller of callersOf(op)) {
          const full = isOwnCaller(op, caller);
          if (op.method !== 'GET') {
            for (const raw of full && ids === 'existing' ? RAW_BODIES : RAW_BODIES.slice(0, 3))
              await refused(op, caller, path, `raw ${raw.slice(0, 30)}`, { rawBody: raw });
            await refused(op, caller, path, 'text/plain', { rawBody: 'hello', contentType: 'text/plain' });
            await refused(op, caller, path, 'unknown field', { body: { ...sample, notAField: 1 } });
          }
          if (op.hasBody && full) {
            for (const field of fields) {
              // Unknown ids: validation comes first, so `null` (and the raw bodies above) are enough there.
              const values = ids === 'existing' ? wrongValues(sample[field]) : wrongValues(sample[field]).slice(0, 1);
              for (const [label, value] of values) {
                const res = await inOrder(op, caller, path, `${field}=${label}`, { body: { ...sample, [field]: value } });
                if (
                  label === 'null' &&
                  !schemaProps[field]?.nullable &&
                  !(res.status === 400 && res.body.code === 'VALIDATION_FAILED' && named(res, field))
                ) {
                  failures.push(
                    `${caller} ${op.method} ${path} ${field}=null -> ${res.status} (want 400 VALIDATION_FAILED naming ${field}) ${res.text.slice(0, 160)}`,
                  );
                }
              }
              // One level down: the fields of nested objects and of array elements.
              const inner = sample[field];
              const element = Array.isArray(inner) ? inner[0] : inner;
              if (ids === 'existing' && element && typeof element === 'object') {
                for (const sub of Object.keys(element)) {
                  for (const [label, value] of wrongValues((element as Json)[sub]).filter(([l]) => NESTED_LABELS.has(l))) {
                    const changed = { ...(element as Json), [sub]: value };
                    const body = { ...sample, [field]: Array.isArray(inner) ? [changed, ...inner.slice(1)] : changed };
                    await request(op, caller, path, `${field}.${sub}=${label}`, { body });
                  }
                }
              }
            }
          }
          if (queryFields.length > 0) {
            const base = path;
            await request(op, caller, `${base}?notAParam=1`, 'unknown query parameter', {});
            if (full) {
              for (const q of queryFields) {
                for (const v of QUERY_VALUES)
                  await request(op, caller, `${base}?${q}=${encodeURIComponent(v)}`, `?${q}=${v.slice(0, 10)}`, {});
                await request(op, caller, `${base}?${q}=1&${q}=2`, `?${q} twice`, {});
                await request(op, caller, `${base}?${q}[a]=1`, `?${q}[a]`, {});
              }
            }
          }
          if (op.hasBody) await request(op, caller, path, 'valid sample', { body: sample });
          else if (op.method !== 'GET') await request(op, caller, path, 'no body', {});
          else await request(op, caller, path, 'plain', {});
        }
      }
      await flush();
    }
    const ready = await t.http.get('/readyz');
    const me = await t.http.get('/api/v1/me', { token: tokens.shopper });
    expect({ failures, ready: ready.status, me: me.status }).toEqual({ failures: [], ready: 200, me: 200 });
    expect(sent).toBeGreaterThan(2000);
  }, 300_000); // ~4500 requests: 10-20 s on an idle 2-core machine, two minutes and more while other work shares its cores
});
