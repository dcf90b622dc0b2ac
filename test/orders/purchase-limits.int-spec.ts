import { JobRunner } from '@app/jobs/testing';
import {
  createAddress,
  createShopProduct,
  idempotencyKey,
  ledgerMismatches,
  placeOrder,
  startTestApp,
  stockMismatches,
  type TestApp,
} from '@app/testing';

/** Stock hoarding (issue 13 #3): unpaid orders per shopper, and per-product limits per order and per shopper. */
describe('purchase limits', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { PAYMENT_PROVIDER: 'mock', ORDER_PAY_MINUTES: '30', AFTER_SALE_AUTO_APPROVE: 'true' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());
  afterEach(async () => {
    expect(await ledgerMismatches(t)).toEqual([]);
    expect(await stockMismatches(t)).toEqual([]);
  });

  const shopper = async (): Promise<{ token: string; userId: number; addressId: number }> => {
    const u = await t.loginUser();
    return { ...u, addressId: await createAddress(t, u.token) };
  };
  const codes = (results: { status: number; body: { code?: string } }[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const r of results) {
      const k = r.status === 201 ? '201' : `${r.status} ${r.body.code}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  };
  const preview = (token: string, items: { skuId: number; quantity: number }[]) =>
    t.http.post('/api/v1/checkout/preview', { items }, { token });
  const stockOf = async (skuId: number): Promise<number> => (await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId]))[0].stock;
  const pay = (orderNo: string) => t.http.post(`/api/v1/dev/payments/${orderNo}/succeed`);

  it('holds a shopper to MAX_UNPAID_ORDERS (5) unpaid orders, even when they all arrive at once', async () => {
    const s = await shopper();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 500 }]);
    const item = { skuId: p.skuIds[0]!, quantity: 3 };
    const burst = await Promise.all(Array.from({ length: 20 }, () => placeOrder(t, s.token, { items: [item], addressId: s.addressId })));
    expect(codes(burst)).toEqual({ '201': 5, '409 TOO_MANY_UNPAID_ORDERS': 15 });
    expect(burst.find((r) => r.status === 409)!.body.details).toEqual({ max: 5 });
    expect(await stockOf(item.skuId)).toBe(500 - 15);
    expect(await t.sql("SELECT COUNT(*) AS n FROM orders WHERE user_id = ? AND status = 'pending_payment'", [s.userId])).toEqual([
      { n: 5 },
    ]);

    // The preview says so before the shopper tries.
    const blocked = await preview(s.token, [item]);
    expect(blocked.body).toMatchObject({ orderable: false, blockers: [{ code: 'TOO_MANY_UNPAID_ORDERS', details: { max: 5 } }] });

    // Paying one, or cancelling one, frees a place; others' orders do not count.
    const created = burst.filter((r) => r.status === 201).map((r) => r.body);
    expect((await pay(created[0].orderNo)).body.outcome).toBe('paid');
    expect((await placeOrder(t, s.token, { items: [item], addressId: s.addressId })).status).toBe(201);
    expect((await placeOrder(t, s.token, { items: [item], addressId: s.addressId })).body.code).toBe('TOO_MANY_UNPAID_ORDERS');
    await t.http.post(`/api/v1/orders/${created[1].id}/cancel`, undefined, { token: s.token });
    expect((await placeOrder(t, s.token, { items: [item], addressId: s.addressId })).status).toBe(201);
    const other = await shopper();
    expect((await placeOrder(t, other.token, { items: [item], addressId: other.addressId })).status).toBe(201);

    // Orders past their payment deadline hold nothing, even before the expiry sweep has cancelled them.
    t.clock.advanceMinutes(31);
    expect((await placeOrder(t, s.token, { items: [item], addressId: s.addressId })).status).toBe(201);
  });

  it('replays a retried order at the limit instead of refusing it', async () => {
    const s = await shopper();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 100 }]);
    const body = { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: s.addressId };
    for (let i = 0; i < 4; i++) expect((await placeOrder(t, s.token, body)).status).toBe(201);
    const key = idempotencyKey();
    const same = await Promise.all(Array.from({ length: 6 }, () => placeOrder(t, s.token, body, key)));
    expect(codes(same)).toEqual({ '201': 6 });
    expect(new Set(same.map((r) => r.body.id)).size).toBe(1);
    expect((await placeOrder(t, s.token, body, key)).headers.get('idempotent-replayed')).toBe('true');
    expect(await stockOf(p.skuIds[0]!)).toBe(95);
  });

  it('limits the units of a product per order, all its SKUs together', async () => {
    const s = await shopper();
    const p = await createShopProduct(
      t,
      owner,
      [
        { price: 1000, stock: 50 },
        { price: 1200, stock: 50 },
      ],
      { limitPerOrder: 2 },
    );
    const [a, b] = p.skuIds;
    const three = [
      { skuId: a!, quantity: 1 },
      { skuId: b!, quantity: 2 },
    ];
    const refused = await placeOrder(t, s.token, { items: three, addressId: s.addressId });
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([
      409,
      'PURCHASE_LIMIT_PER_ORDER',
      { productId: p.productId, limit: 2, requested: 3 },
    ]);
    expect((await preview(s.token, three)).body).toMatchObject({
      orderable: false,
      blockers: [{ code: 'PURCHASE_LIMIT_PER_ORDER', details: { productId: p.productId, limit: 2, requested: 3 } }],
    });
    const two = [
      { skuId: a!, quantity: 1 },
      { skuId: b!, quantity: 1 },
    ];
    expect((await preview(s.token, two)).body).toMatchObject({ orderable: true, blockers: [] });
    expect((await placeOrder(t, s.token, { items: two, addressId: s.addressId })).status).toBe(201);
    // Per order only: another order of two is fine.
    expect((await placeOrder(t, s.token, { items: two, addressId: s.addressId })).status).toBe(201);
  });

  it('limits the units of a product per shopper over concurrent orders; cancelled, expired and refunded units free it', async () => {
    const s = await shopper();
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 50 }], { limitPerUser: 3 });
    const one = { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId: s.addressId };
    const burst = await Promise.all(Array.from({ length: 8 }, () => placeOrder(t, s.token, one)));
    expect(codes(burst)).toEqual({ '201': 3, '409 PURCHASE_LIMIT_PER_USER': 5 });
    expect(burst.find((r) => r.status === 409)!.body.details).toEqual({ productId: p.productId, limit: 3, bought: 3, requested: 1 });
    expect(await stockOf(p.skuIds[0]!)).toBe(47);
    const [first, second, third] = burst.filter((r) => r.status === 201).map((r) => r.body);

    // Paid orders count; a cancelled one frees its units.
    await pay(first.orderNo);
    await t.http.post(`/api/v1/orders/${second.id}/cancel`, undefined, { token: s.token });
    expect((await preview(s.token, one.items)).body).toMatchObject({ orderable: true });
    const fourth = await placeOrder(t, s.token, one);
    expect(fourth.status).toBe(201);
    expect((await placeOrder(t, s.token, one)).body.code).toBe('PURCHASE_LIMIT_PER_USER');

    // A refunded unit no longer counts (auto-approved refund before shipping, refunded at once by the mock).
    const refund = await t.http.post(
      '/api/v1/after-sales',
      { orderId: first.id, type: 'refund_only', reason: 'no_longer_needed', items: [{ orderItemId: first.items[0].id, quantity: 1 }] },
      { token: s.token },
    );
    expect(refund.status).toBe(201);
    await t.app.get(JobRunner).drain();
    expect((await t.http.get(`/api/v1/orders/${first.id}`, { token: s.token })).body.status).toBe('closed');
    expect((await placeOrder(t, s.token, one)).status).toBe(201);
    expect((await placeOrder(t, s.token, one)).body.code).toBe('PURCHASE_LIMIT_PER_USER');

    // Unpaid orders past their deadline hold nothing.
    t.clock.advanceMinutes(31);
    expect(third.status).toBe('pending_payment');
    const after = await Promise.all(Array.from({ length: 5 }, () => placeOrder(t, s.token, one)));
    expect(codes(after)).toEqual({ '201': 3, '409 PURCHASE_LIMIT_PER_USER': 2 });
  });

  it('lets operators set and clear the limits in the product document; shoppers see them', async () => {
    const p = await createShopProduct(t, owner, [{ price: 1000, stock: 5 }], { limitPerOrder: 2, limitPerUser: 5 });
    const url = `/api/v1/admin/products/${p.productId}`;
    expect((await t.http.get(url, { token: owner })).body).toMatchObject({ limitPerOrder: 2, limitPerUser: 5 });
    expect((await t.http.get(`/api/v1/products/${p.productId}`)).body).toMatchObject({ limitPerOrder: 2, limitPerUser: 5 });
    const cleared = await t.http.patch(url, { limitPerOrder: null, limitPerUser: 1 }, { token: owner });
    expect([cleared.status, cleared.body.limitPerOrder, cleared.body.limitPerUser]).toEqual([200, null, 1]);
    expect((await t.http.patch(url, { title: '改名' }, { token: owner })).body).toMatchObject({ limitPerOrder: null, limitPerUser: 1 });
    for (const bad of [
      { limitPerOrder: 0 },
      { limitPerUser: -1 },
      { limitPerOrder: 1.5 },
      { limitPerUser: '2' },
      { limitPerOrder: 100_001 },
    ]) {
      const res = await t.http.patch(url, bad, { token: owner });
      expect([res.status, res.body.code, res.body.details.fields.map((f: { field: string }) => f.field)]).toEqual([
        400,
        'VALIDATION_FAILED',
        Object.keys(bad),
      ]);
    }
  });

  it('keeps every limit and the stock exact under random concurrent orders, payments and cancellations', async () => {
    let seed = 4242;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const limited = await createShopProduct(
      t,
      owner,
      [
        { price: 1000, stock: 60 },
        { price: 1100, stock: 60 },
      ],
      { limitPerOrder: 3, limitPerUser: 5 },
    );
    const free = await createShopProduct(t, owner, [{ price: 500, stock: 200 }]);
    const pool = [...limited.skuIds, free.skuIds[0]!];
    const shoppers = [];
    for (let i = 0; i < 4; i++) shoppers.push(await shopper());
    const statuses: number[] = [];
    for (let round = 0; round < 10; round++) {
      const mine = await t.sql<{ id: number; user_id: number; order_no: string; status: string }>(
        "SELECT id, user_id, order_no, status FROM orders WHERE status = 'pending_payment' AND user_id IN (?)",
        [shoppers.map((s) => s.userId)],
      );
      const work: Promise<{ status: number }>[] = [];
      for (let k = 0; k < 10; k++) {
        const s = shoppers[rnd(shoppers.length)]!;
        const action = rnd(6);
        const pending = mine.filter((o) => o.user_id === s.userId);
        const o = pending[rnd(pending.length)];
        if (action === 4 && o) work.push(pay(o.order_no));
        else if (action === 5 && o) work.push(t.http.post(`/api/v1/orders/${o.id}/cancel`, undefined, { token: s.token }));
        else {
          const skus = [...new Set(Array.from({ length: 1 + rnd(2) }, () => pool[rnd(pool.length)]!))];
          work.push(placeOrder(t, s.token, { items: skus.map((skuId) => ({ skuId, quantity: 1 + rnd(3) })), addressId: s.addressId }));
        }
      }
      statuses.push(...(await Promise.all(work)).map((r) => r.status));
      // At every quiet point: at most 5 unpaid orders per shopper, 5 units of the limited product per shopper, 3 per order.
      expect(
        await t.sql("SELECT user_id FROM orders WHERE status = 'pending_payment' AND user_id IN (?) GROUP BY user_id HAVING COUNT(*) > 5", [
          shoppers.map((s) => s.userId),
        ]),
      ).toEqual([]);
      expect(
        await t.sql(
          `SELECT o.user_id FROM orders o JOIN order_item i ON i.order_id = o.id
            WHERE i.product_id = ? AND o.status <> 'cancelled' GROUP BY o.user_id HAVING SUM(i.quantity - i.refunded_quantity) > 5`,
          [limited.productId],
        ),
      ).toEqual([]);
      expect(
        await t.sql('SELECT order_id FROM order_item WHERE product_id = ? GROUP BY order_id HAVING SUM(quantity) > 3', [limited.productId]),
      ).toEqual([]);
    }
    expect(statuses.filter((x) => x >= 500)).toEqual([]);
    expect(statuses.filter((x) => x === 201).length).toBeGreaterThan(10);
  });
});
