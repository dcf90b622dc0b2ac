import { JobRunner } from '@app/jobs/testing';
import { createAddress, createShopProduct, FakeHttpServer, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { CLAIM_DELIVERIES, CLAIMED, SIGNATURE_HEADER, WebhookDispatcher } from '@app/webhooks/testing';
import { DataSource } from 'typeorm';
import { dbDateTime, execute, select } from '@app/database';
import { Receiver } from './webhook-fixtures';

const DISABLE_AFTER = 30;

describe('webhooks: signed events out', () => {
  let t: TestApp;
  let owner: string;
  let runner: JobRunner;
  let dispatcher: WebhookDispatcher;
  let rx: Receiver;

  beforeAll(async () => {
    t = await startTestApp({ env: { PAYMENT_PROVIDER: 'mock', WEBHOOK_DISABLE_AFTER: String(DISABLE_AFTER), WEBHOOK_TIMEOUT_MS: '2000' } });
    owner = await t.loginAdmin();
    runner = t.app.get(JobRunner);
    dispatcher = t.app.get(WebhookDispatcher);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    rx = await new Receiver().start();
    await t.sql('UPDATE webhook_endpoint SET enabled = 0');
    // The subscriptions cache of this instance learns of changes made through the API only.
    await t.http.post(
      '/api/v1/admin/webhooks/endpoints',
      { url: 'http://127.0.0.1:9/void', eventTypes: ['withdrawal.paid'], enabled: false },
      { token: owner },
    );
  });
  afterEach(() => rx.server.close());

  async function endpoint(eventTypes: string[], url = rx.url): Promise<{ id: number; secret: string }> {
    const res = await t.http.post('/api/v1/admin/webhooks/endpoints', { url, eventTypes, description: 'ERP' }, { token: owner });
    expect(res.status).toBe(201);
    rx.secrets.push(res.body.secret);
    return { id: res.body.id, secret: res.body.secret };
  }

  /** Runs the event jobs, then sends whatever is due now. */
  async function deliver(): Promise<void> {
    await runner.drain();
    await dispatcher.dispatch();
  }

  async function buyerOrder(price = 1000) {
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price, stock: 50 }]);
    const order = (await placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId })).body;
    return { token, order: order as { id: number; orderNo: string } };
  }

  const pay = (orderNo: string) => t.http.post(`/api/v1/dev/payments/${orderNo}/succeed`);
  const ship = (id: number) =>
    t.http.post(`/api/v1/admin/orders/${id}/ship`, { expressCompany: 'SF', trackingNo: 'SF1234567890' }, { token: owner });
  const log = async (id: number) =>
    (await t.http.get(`/api/v1/admin/webhooks/endpoints/${id}/deliveries?pageSize=100`, { token: owner })).body;

  it('writes nothing when no endpoint wants the event type', async () => {
    await endpoint(['review.published']);
    const count = () =>
      t.sql('SELECT (SELECT COUNT(*) FROM webhook_event) AS events, (SELECT COUNT(*) FROM webhook_delivery) AS deliveries');
    const before = await count();
    const { order } = await buyerOrder();
    expect((await pay(order.orderNo)).status).toBe(200);
    expect(await count()).toEqual(before);
  });

  it("sends an order's events signed, in order, each with the document the admin API serves", async () => {
    const ep = await endpoint(['order.created', 'order.paid', 'order.shipped', 'order.cancelled']);
    const { order } = await buyerOrder();
    await pay(order.orderNo);
    expect((await ship(order.id)).status).toBe(200);
    // Written in the change's transaction, sent only by the dispatcher.
    expect(rx.server.calls).toHaveLength(0);
    await deliver();
    expect(rx.badSignatures).toBe(0);
    expect(rx.typesFor((d) => d.id === order.id)).toEqual(['order.created', 'order.paid', 'order.shipped']);
    const call = rx.server.calls.at(-1)!;
    expect(call.headers).toMatchObject({ 'x-wxmall-event-type': 'order.shipped', 'x-wxmall-event-id': call.body.id });
    expect(call.headers[SIGNATURE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(call.body).toEqual({ id: expect.any(String), type: 'order.shipped', createdAt: expect.any(String), data: expect.any(Object) });
    const { events: _history, ...served } = (await t.http.get(`/api/v1/admin/orders/${order.id}`, { token: owner })).body;
    expect(call.body.data).toEqual(served);

    const entries = (await log(ep.id)).items;
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      responseCode: 204,
      resource: `order:${order.id}`,
      nextAttemptAt: null,
    });
    expect(entries[0].latencyMs).toEqual(expect.any(Number));
    expect(JSON.stringify(entries)).not.toContain(ep.secret);
  });

  it('order.created and order.paid carry the document the admin API served at that moment', async () => {
    await endpoint(['order.created', 'order.paid']);
    const { order } = await buyerOrder();
    const served = async () => {
      const { events: _history, ...doc } = (await t.http.get(`/api/v1/admin/orders/${order.id}`, { token: owner })).body;
      return doc;
    };
    const created = await served();
    expect((await pay(order.orderNo)).status).toBe(200);
    const paid = await served();
    await deliver();
    const calls = rx.server.calls.filter((c) => c.body.data.id === order.id);
    expect(calls.map((c) => [c.body.type, c.body.data])).toEqual([
      ['order.created', created],
      ['order.paid', paid],
    ]);
  });

  it('retries with backoff; a later event of a resource waits for the earlier one, other resources do not', async () => {
    const ep = await endpoint(['order.created', 'order.paid']);
    const a = await buyerOrder();
    rx.server.failNext('POST', '/hook', { status: 500 });
    await pay(a.order.orderNo);
    await deliver();
    // created failed once: its paid event is held; nothing else went out for this order.
    expect(rx.typesFor((d) => d.id === a.order.id)).toEqual([]);
    const b = await buyerOrder();
    await deliver();
    expect(rx.typesFor((d) => d.id === b.order.id)).toEqual(['order.created']);
    expect(rx.typesFor((d) => d.id === a.order.id)).toEqual([]);
    rx.server.failNext('POST', '/hook', { status: 502 });
    t.clock.advance(15_000);
    await dispatcher.dispatch();
    t.clock.advance(30_000);
    await dispatcher.dispatch();
    expect(rx.typesFor((d) => d.id === a.order.id)).toEqual(['order.created', 'order.paid']);
    const created = (await log(ep.id)).items.find((d: any) => d.eventType === 'order.created' && d.resource === `order:${a.order.id}`);
    expect(created).toMatchObject({ status: 'succeeded', attempts: 3, responseCode: 204 });
  });

  it('writes an event and its deliveries with the change, and a receiver dedupes a delivery sent twice', async () => {
    const ep = await endpoint(['order.created']);
    const other = await endpoint(['order.created', 'order.paid'], 'http://127.0.0.1:9/void');
    const { order } = await buyerOrder();
    // One event, one delivery per endpoint that wants it, committed with the order: nothing left for a job to do.
    const [event] = await t.sql("SELECT id FROM webhook_event WHERE resource_key = ? AND type = 'order.created'", [`order:${order.id}`]);
    const rows = await t.sql(
      'SELECT endpoint_id AS endpointId, seq, status FROM webhook_delivery WHERE event_id = ? ORDER BY endpoint_id',
      [event.id],
    );
    expect(rows).toEqual([
      { endpointId: ep.id, seq: event.id, status: 'pending' },
      { endpointId: other.id, seq: event.id, status: 'pending' },
    ]);
    await dispatcher.dispatch();
    // A receiver answering too late is sent the event again: the id tells it it is a duplicate.
    await t.sql('UPDATE webhook_delivery SET status = ? WHERE event_id = ? AND endpoint_id = ?', ['pending', event.id, ep.id]);
    await dispatcher.dispatch();
    const mine = rx.accepted.filter((e) => e.data.id === order.id);
    expect(mine.map((e) => e.type)).toEqual(['order.created']);
    expect(rx.seen.get(mine[0]!.id)).toBe(2);
  });

  it('two instances dispatching at the same moment send each delivery once', async () => {
    // Same database, same (frozen) clock, both dispatching at once: exactly one attempt per delivery. Whether two claims
    // meet on one row depends on timing here; the next test pins that case with the claim statements themselves.
    const t2 = await startTestApp({
      database: t.db,
      clock: t.clock,
      env: { PAYMENT_PROVIDER: 'mock', WEBHOOK_DISABLE_AFTER: String(DISABLE_AFTER), WEBHOOK_TIMEOUT_MS: '2000' },
    });
    try {
      const ep = await endpoint(['order.created', 'order.paid']);
      for (let i = 0; i < 15; i++) await pay((await buyerOrder()).order.orderNo);
      await runner.drain();
      const other = t2.app.get(WebhookDispatcher);
      for (let round = 0; round < 3; round++) await Promise.all([dispatcher.dispatch(), other.dispatch()]);
      const rows = await t.sql('SELECT status, attempts, locked_by AS lockedBy FROM webhook_delivery WHERE endpoint_id = ?', [ep.id]);
      expect(rows).toHaveLength(30);
      expect(rows.every((r: any) => r.status === 'succeeded' && r.attempts === 1 && r.lockedBy === null)).toBe(true);
      expect(rx.accepted).toHaveLength(30);
      expect([...rx.seen.values()].every((n) => n === 1)).toBe(true);
    } finally {
      await t2.close();
    }
  });

  it('a claim reads back only the deliveries it won, also when another claim has the same lease end', async () => {
    // The claims of two instances at one instant (their lease ends were told apart by random milliseconds only).
    const ep = await endpoint(['order.created']);
    for (let i = 0; i < 4; i++) await buyerOrder();
    const ids = (await t.sql('SELECT id FROM webhook_delivery WHERE endpoint_id = ? ORDER BY id', [ep.id])).map((r: any) => r.id);
    expect(ids).toHaveLength(4);
    const m = t.app.get(DataSource).manager;
    const now = dbDateTime(m, t.clock.now());
    const until = dbDateTime(m, new Date(t.clock.now().getTime() + 60_000));
    const claim = (token: string, some: number[]) => execute(m, CLAIM_DELIVERIES(some.length), [token, until, now, now, now, ...some]);
    const held = async (token: string) => (await select(m, CLAIMED(ids.length), [token, ...ids])).map((r) => r.id);
    expect(await claim('a'.repeat(32), ids.slice(0, 2))).toBe(2);
    expect(await claim('b'.repeat(32), ids.slice(1))).toBe(2); // the first one's second row is taken
    expect(await held('a'.repeat(32))).toEqual(ids.slice(0, 2));
    expect(await held('b'.repeat(32))).toEqual(ids.slice(2));
    await t.sql('UPDATE webhook_delivery SET locked_by = NULL, locked_until = NULL WHERE endpoint_id = ?', [ep.id]);
    await dispatcher.dispatch();
    expect(rx.accepted).toHaveLength(4);
  });

  it('signs with both secrets during a rotation overlap, then with the new one only', async () => {
    const ep = await endpoint(['order.created']);
    const rotated = await t.http.post(
      `/api/v1/admin/webhooks/endpoints/${ep.id}/rotate-secret`,
      { overlapSeconds: 3600 },
      { token: owner },
    );
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(ep.secret);
    expect((await t.http.get(`/api/v1/admin/webhooks/endpoints/${ep.id}`, { token: owner })).body.secret).toBeUndefined();

    await buyerOrder();
    await deliver();
    const during = rx.server.calls.at(-1)!;
    expect(rx.verifies(during, ep.secret) && rx.verifies(during, fresh)).toBe(true);

    t.clock.advance(3601_000);
    await buyerOrder();
    await deliver();
    const after = rx.server.calls.at(-1)!;
    expect([rx.verifies(after, fresh), rx.verifies(after, ep.secret)]).toEqual([true, false]);
  });

  it('a receiver down for hours gets everything, in order, once it is back', async () => {
    await endpoint(['order.created', 'order.paid', 'order.shipped']);
    rx.down = true;
    const orders = [await buyerOrder(), await buyerOrder()];
    for (const o of orders) await pay(o.order.orderNo);
    await ship(orders[0]!.order.id);
    await deliver();
    for (let i = 0; i < 8; i++) {
      t.clock.advance(30 * 60_000);
      await dispatcher.dispatch();
    }
    expect(rx.accepted).toHaveLength(0);
    rx.down = false;
    // The longest backoff is an hour (+20% jitter).
    t.clock.advance(75 * 60_000);
    await dispatcher.dispatch();
    expect(rx.typesFor((d) => d.id === orders[0]!.order.id)).toEqual(['order.created', 'order.paid', 'order.shipped']);
    expect(rx.typesFor((d) => d.id === orders[1]!.order.id)).toEqual(['order.created', 'order.paid']);
  });

  it('counts an answer slower than WEBHOOK_TIMEOUT_MS as a failed attempt, and sends it again later', async () => {
    const ep = await endpoint(['order.created']);
    rx.server.failNext('POST', '/hook', { status: 204, delayMs: 3000 });
    const { order } = await buyerOrder();
    await deliver();
    const [entry] = (await log(ep.id)).items;
    expect(entry).toMatchObject({ status: 'pending', attempts: 1, responseCode: null, lastError: 'timed out after 2000 ms' });
    t.clock.advance(15_000);
    await dispatcher.dispatch();
    expect(rx.typesFor((d) => d.id === order.id)).toEqual(['order.created']);
  });

  it('gives a delivery up after a day of failures; the next event of the resource then goes', async () => {
    const ep = await endpoint(['order.created', 'order.paid']);
    const { order } = await buyerOrder();
    await pay(order.orderNo);
    rx.down = true;
    await deliver();
    t.clock.advance(86_400_000);
    // created is given up; paid, held so far, gets its first attempt (its own day starts now).
    await dispatcher.dispatch();
    rx.down = false;
    t.clock.advance(15_000);
    await dispatcher.dispatch();
    expect(rx.typesFor((d) => d.id === order.id)).toEqual(['order.paid']);
    const items = (await log(ep.id)).items;
    expect(items.find((d: any) => d.eventType === 'order.created')).toMatchObject({ status: 'failed', responseCode: 503 });
  });

  it('replays one delivery, or every delivery in a time range', async () => {
    const ep = await endpoint(['order.created', 'order.paid']);
    const start = t.clock.now();
    const { order } = await buyerOrder();
    await pay(order.orderNo);
    await deliver();
    const items = (await log(ep.id)).items;
    const [created, paid] = ['order.created', 'order.paid'].map((type) => items.find((d: any) => d.eventType === type));

    const one = await t.http.post(`/api/v1/admin/webhooks/endpoints/${ep.id}/deliveries/${created.id}/replay`, undefined, { token: owner });
    expect([one.status, one.body.status, one.body.attempts]).toEqual([200, 'pending', 0]);
    await dispatcher.dispatch();
    expect(rx.seen.get(created.eventId)).toBe(2);

    const range = { from: start.toISOString(), to: new Date(t.clock.now().getTime() + 1).toISOString() };
    const all = await t.http.post(`/api/v1/admin/webhooks/endpoints/${ep.id}/replay`, range, { token: owner });
    expect([all.status, all.body]).toEqual([200, { replayed: 2 }]);
    await dispatcher.dispatch();
    expect([rx.seen.get(created.eventId), rx.seen.get(paid.eventId)]).toEqual([3, 2]);
    expect(rx.typesFor((d) => d.id === order.id)).toEqual(['order.created', 'order.paid']);

    const other = await endpoint(['order.created']);
    expect(
      (await t.http.post(`/api/v1/admin/webhooks/endpoints/${other.id}/deliveries/${created.id}/replay`, undefined, { token: owner }))
        .status,
    ).toBe(404);
    const backwards = await t.http.post(
      `/api/v1/admin/webhooks/endpoints/${ep.id}/replay`,
      { from: range.to, to: range.from },
      { token: owner },
    );
    expect([backwards.status, backwards.body.code]).toEqual([400, 'WEBHOOK_REPLAY_RANGE_INVALID']);
  });

  it('disables an endpoint after consecutive failures, with the reason; enabling it sends what was held', async () => {
    const closed = await new FakeHttpServer().start();
    await closed.close();
    const ep = await endpoint(['order.created'], `${closed.url}/hook`);
    const orders = [await buyerOrder(), await buyerOrder()];
    await deliver();
    const get = async () => (await t.http.get(`/api/v1/admin/webhooks/endpoints/${ep.id}`, { token: owner })).body;
    for (let i = 0; i < DISABLE_AFTER && (await get()).enabled; i++) {
      t.clock.advance(3600_000);
      await dispatcher.dispatch();
    }
    const disabled = await get();
    expect(disabled.enabled).toBe(false);
    expect(disabled.consecutiveFailures).toBeGreaterThanOrEqual(DISABLE_AFTER);
    expect(disabled.disabledReason).toMatch(
      new RegExp(`^disabled after ${DISABLE_AFTER} consecutive failed deliveries \\(last: network error ECONNREFUSED\\)$`),
    );
    const attempts = async () => (await log(ep.id)).items.reduce((n: number, d: any) => n + d.attempts, 0);
    const logBefore = (await log(ep.id)).items;
    expect(
      logBefore.every((d: any) => d.status === 'pending' && d.responseCode === null && d.lastError === 'network error ECONNREFUSED'),
    ).toBe(true);
    // Disabled: nothing more is attempted.
    const tried = await attempts();
    t.clock.advance(3600_000);
    await dispatcher.dispatch();
    expect(await attempts()).toBe(tried);

    const fixed = await t.http.patch(`/api/v1/admin/webhooks/endpoints/${ep.id}`, { url: rx.url, enabled: true }, { token: owner });
    expect(fixed.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
    await dispatcher.dispatch();
    for (const o of orders) expect(rx.typesFor((d) => d.id === o.order.id)).toEqual(['order.created']);
  });

  it('admits owners only, refuses bad input with 4xx and writes nothing, never serves the secret', async () => {
    const before = await t.sql('SELECT COUNT(*) AS n FROM webhook_endpoint');
    for (const role of ['operator', 'viewer'] as const) {
      const token = await t.createAdmin(role);
      expect((await t.http.get('/api/v1/admin/webhooks/endpoints', { token })).status).toBe(403);
      expect((await t.http.post('/api/v1/admin/webhooks/endpoints', { url: rx.url, eventTypes: ['order.paid'] }, { token })).status).toBe(
        403,
      );
    }
    expect((await t.http.get('/api/v1/admin/webhooks/endpoints')).status).toBe(401);
    const { token: shopper } = await t.loginUser();
    expect((await t.http.get('/api/v1/admin/webhooks/endpoints', { token: shopper })).status).toBe(403);

    const bad: [unknown, string][] = [
      [{ url: 'ftp://example.com/hook', eventTypes: ['order.paid'] }, 'WEBHOOK_URL_INVALID'],
      [{ url: 'not a url at all', eventTypes: ['order.paid'] }, 'WEBHOOK_URL_INVALID'],
      [{ url: 'https://user:pw@example.com/hook', eventTypes: ['order.paid'] }, 'WEBHOOK_URL_INVALID'],
      [{ url: 'https://example.com/hook', eventTypes: [] }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/hook', eventTypes: ['order.exploded'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/hook', eventTypes: ['order.paid', 'order.paid'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/hook', eventTypes: 'order.paid' }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/hook', eventTypes: ['order.paid'], secret: 'mine' }, 'VALIDATION_FAILED'],
      [{ url: 'https://example.com/hook', eventTypes: ['order.paid'], enabled: null }, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of bad) {
      const res = await t.http.post('/api/v1/admin/webhooks/endpoints', body, { token: owner });
      expect([res.status, res.body.code]).toEqual([400, code]);
    }
    expect(await t.sql('SELECT COUNT(*) AS n FROM webhook_endpoint')).toEqual(before);
    expect((await t.http.get('/api/v1/admin/webhooks/endpoints/999999', { token: owner })).status).toBe(404);
    expect((await t.http.patch('/api/v1/admin/webhooks/endpoints/999999', { enabled: true }, { token: owner })).status).toBe(404);
    expect((await t.http.post('/api/v1/admin/webhooks/endpoints/999999/rotate-secret', {}, { token: owner })).status).toBe(404);
    expect((await t.http.post('/api/v1/admin/webhooks/endpoints/1/rotate-secret', { overlapSeconds: -1 }, { token: owner })).status).toBe(
      400,
    );
    expect((await t.http.get('/api/v1/admin/webhooks/endpoints/1/deliveries?status=lost', { token: owner })).status).toBe(400);

    const list = await t.http.get('/api/v1/admin/webhooks/endpoints', { token: owner });
    expect(list.status).toBe(200);
    const [row] = await t.sql('SELECT secret FROM webhook_endpoint LIMIT 1');
    expect(JSON.stringify(list.body)).not.toContain(row.secret);
    expect(list.body.items.every((e: any) => !('secret' in e))).toBe(true);
    // The audit log has every write, without the secret.
    const audit = await t.sql("SELECT action, summary FROM admin_audit_log WHERE action LIKE 'admin%Webhook%'");
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain('whsec_');
  });
});

describe('webhooks with jobs in-process', () => {
  it('sends an event soon after its commit, without waiting for the delivery sweep', async () => {
    // The sweep every 10 minutes: only the commit's own kick can send within the test.
    const t = await startTestApp({ env: { PAYMENT_PROVIDER: 'mock', JOBS_IN_PROCESS: 'true', WEBHOOK_DISPATCH_MS: '600000' } });
    const rx = await new Receiver().start();
    try {
      const owner = await t.loginAdmin();
      await t.sql('UPDATE webhook_endpoint SET enabled = 0');
      const res = await t.http.post('/api/v1/admin/webhooks/endpoints', { url: rx.url, eventTypes: ['order.created'] }, { token: owner });
      rx.secrets.push(res.body.secret);
      const { token } = await t.loginUser();
      const addressId = await createAddress(t, token);
      const p = await createShopProduct(t, owner, [{ price: 1000, stock: 5 }]);
      const order = (await placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId })).body;
      // The real timer under test (the kick waits 100 ms for more commits).
      for (let i = 0; i < 100 && rx.accepted.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(rx.accepted.map((e) => [e.type, e.data.id])).toEqual([['order.created', order.id]]);
    } finally {
      await rx.server.close();
      await t.close();
    }
  });
});
