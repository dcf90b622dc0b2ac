import { startTestApp, type TestApp } from '@app/testing';
import { boughtOrder, type Buyer, drain, newBuyer, product, review, summaryFromRows, summaryRow } from './review-fixtures';

/** Reviews: who may review what and when, follow-ups, the product page, the admin's actions (issue 16). */
describe('reviews', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { CONTENT_IMAGE_HOSTS: 'img.example.com' } });
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  it('only items of completed orders, once per item, within REVIEW_DAYS; the awaiting list follows', async () => {
    const buyer = await newBuyer(t, '小明');
    const p = await product(t, owner, 3);
    const open = await boughtOrder(t, owner, buyer, [p.skuIds[0]!], { receive: false });
    const early = await review(t, buyer, { orderItemId: open.itemIds[0], rating: 5, content: '还没收到' });
    expect([early.status, early.body.code]).toEqual([409, 'REVIEW_NOT_ALLOWED']);

    const done = await boughtOrder(t, owner, buyer, [p.skuIds[1]!, p.skuIds[2]!]);
    const awaiting = await t.http.get('/api/v1/reviews/awaiting', { token: buyer.token });
    expect(awaiting.body.total).toBe(2);
    expect(awaiting.body.items.map((i: { orderItemId: number }) => i.orderItemId).sort()).toEqual([...done.itemIds].sort());

    const first = await review(t, buyer, { orderItemId: done.itemIds[0], rating: 5, content: '很好，质量不错', anonymous: false });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      status: 'published',
      rating: 5,
      nickname: '小明',
      avatarUrl: 'https://img.example.com/a.png',
      followUp: null,
    });
    const again = await review(t, buyer, { orderItemId: done.itemIds[0], rating: 1, content: '再评一次' });
    expect([again.status, again.body.code]).toEqual([409, 'REVIEW_EXISTS']);
    expect((await t.http.get('/api/v1/reviews/awaiting', { token: buyer.token })).body.total).toBe(1);

    // Someone else's item is not found; nothing is written.
    const other = await newBuyer(t);
    const stranger = await review(t, other, { orderItemId: done.itemIds[1], rating: 1 });
    expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);

    // Past the window (30 days by default) the second item can no longer be reviewed.
    t.clock.advanceDays(31);
    try {
      const late = await review(t, buyer, { orderItemId: done.itemIds[1], rating: 4 });
      expect([late.status, late.body.code]).toEqual([409, 'REVIEW_WINDOW_CLOSED']);
      expect((await t.http.get('/api/v1/reviews/awaiting', { token: buyer.token })).body.total).toBe(0);
    } finally {
      t.clock.advanceDays(-31);
    }
    expect(await t.sql('SELECT COUNT(*) AS n FROM review WHERE product_id = ?', [p.productId])).toEqual([{ n: 1 }]);

    const page = await t.http.get(`/api/v1/products/${p.productId}/reviews`);
    expect(page.body.items).toHaveLength(1);
    const summary = await t.http.get(`/api/v1/products/${p.productId}/reviews/summary`);
    expect(summary.body).toMatchObject({ count: 1, average: 5, goodRate: 100, goodCount: 1, ratingCounts: [0, 0, 0, 0, 1] });
  });

  it('one follow-up per review, by its author only; another buyer gets 404', async () => {
    const buyer = await newBuyer(t);
    const p = await product(t, owner);
    const o = await boughtOrder(t, owner, buyer, p.skuIds);
    const r = await review(t, buyer, { orderItemId: o.itemIds[0], rating: 4, content: '不错' });
    const other = await newBuyer(t);
    const foreign = await t.http.post(`/api/v1/reviews/${r.body.id}/follow-up`, { content: '我来追评' }, { token: other.token });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'NOT_FOUND']);
    expect((await t.http.get(`/api/v1/reviews/${r.body.id}`, { token: other.token })).status).toBe(404);

    t.clock.advanceDays(7);
    const f = await t.http.post(`/api/v1/reviews/${r.body.id}/follow-up`, { content: '用了一周，依然很好' }, { token: buyer.token });
    expect(f.status).toBe(200);
    expect(f.body).toMatchObject({ followUpStatus: 'passed', followUp: { content: '用了一周，依然很好', images: [] } });
    const twice = await t.http.post(`/api/v1/reviews/${r.body.id}/follow-up`, { content: '再追一次' }, { token: buyer.token });
    expect([twice.status, twice.body.code]).toEqual([409, 'REVIEW_FOLLOW_UP_EXISTS']);
    const shown = (await t.http.get(`/api/v1/products/${p.productId}/reviews`)).body.items[0];
    expect(shown.followUp).toMatchObject({ content: '用了一周，依然很好' });
    expect((await t.http.get('/api/v1/reviews/mine', { token: buyer.token })).body.items[0].id).toBe(r.body.id);
  });

  it('refuses reviews of refunded items', async () => {
    const buyer = await newBuyer(t);
    const p = await product(t, owner, 2);
    const o = await boughtOrder(t, owner, buyer, p.skuIds);
    const apply = await t.http.post(
      '/api/v1/after-sales',
      { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.itemIds[0], quantity: 1 }], reason: 'quality_issue' },
      { token: buyer.token },
    );
    expect(apply.status).toBe(201);
    const approve = await t.http.post(`/api/v1/admin/after-sales/${apply.body.id}/approve`, {}, { token: owner });
    expect(approve.status).toBe(200);
    await drain(t); // the mock provider refunds at once
    expect(await t.sql('SELECT refunded_quantity AS n FROM order_item WHERE id = ?', [o.itemIds[0]])).toEqual([{ n: 1 }]);
    const res = await review(t, buyer, { orderItemId: o.itemIds[0], rating: 1, content: '退货了' });
    expect([res.status, res.body.code]).toEqual([409, 'REVIEW_NOT_ALLOWED']);
    const awaiting = await t.http.get('/api/v1/reviews/awaiting', { token: buyer.token });
    expect(awaiting.body.items.map((i: { orderItemId: number }) => i.orderItemId)).toEqual([o.itemIds[1]]);
  });

  it('admin: hide and show (the summary follows), reply, pin; every action recorded with who and why', async () => {
    const p = await product(t, owner, 2);
    const a = await newBuyer(t, '阿花');
    const b = await newBuyer(t, '阿草');
    const oa = await boughtOrder(t, owner, a, [p.skuIds[0]!]);
    const ob = await boughtOrder(t, owner, b, [p.skuIds[1]!]);
    const ra = (await review(t, a, { orderItemId: oa.itemIds[0], rating: 5, content: '第一条', anonymous: true })).body;
    const rb = (await review(t, b, { orderItemId: ob.itemIds[0], rating: 2, content: '第二条' })).body;
    const list = async () => (await t.http.get(`/api/v1/products/${p.productId}/reviews`)).body.items.map((i: { id: number }) => i.id);
    expect(await list()).toEqual([rb.id, ra.id]);
    // The anonymous review masks the nickname and the avatar.
    const shownA = (await t.http.get(`/api/v1/products/${p.productId}/reviews`)).body.items[1];
    expect([shownA.nickname, shownA.avatarUrl]).toEqual(['阿***', '']);

    const operator = await t.createAdmin('operator');
    const viewer = await t.createAdmin('viewer');
    expect((await t.http.post(`/api/v1/admin/reviews/${rb.id}/hide`, { reason: '广告' }, { token: viewer })).status).toBe(403);
    const hidden = await t.http.post(`/api/v1/admin/reviews/${rb.id}/hide`, { reason: '疑似广告' }, { token: operator });
    expect([hidden.status, hidden.body.status, hidden.body.hidden]).toEqual([200, 'hidden', true]);
    expect(await list()).toEqual([ra.id]);
    expect(await summaryRow(t, p.productId)).toEqual(await summaryFromRows(t, p.productId));
    expect((await summaryRow(t, p.productId)).count).toBe(1);
    await t.http.post(`/api/v1/admin/reviews/${rb.id}/show`, { reason: '核实无误' }, { token: operator });
    expect(await list()).toEqual([rb.id, ra.id]);
    expect((await summaryRow(t, p.productId)).count).toBe(2);

    const reply = await t.http.post(`/api/v1/admin/reviews/${rb.id}/reply`, { content: '抱歉，已为您处理' }, { token: operator });
    expect(reply.body.reply).toMatchObject({ content: '抱歉，已为您处理' });
    await t.http.post(`/api/v1/admin/reviews/${ra.id}/pin`, { pinned: true, reason: '优质评价' }, { token: operator });
    expect(await list()).toEqual([ra.id, rb.id]);
    const items = (await t.http.get(`/api/v1/products/${p.productId}/reviews`)).body.items;
    expect(items[0].pinned).toBe(true);
    expect(items[1].reply.content).toBe('抱歉，已为您处理');

    const detail = await t.http.get(`/api/v1/admin/reviews/${rb.id}`, { token: viewer });
    const adminEvents = detail.body.events.filter((e: { actor: string }) => e.actor === 'admin');
    expect(adminEvents.map((e: { action: string; note: string }) => [e.action, e.note])).toEqual([
      ['hide', '疑似广告'],
      ['show', '核实无误'],
      ['reply', '抱歉，已为您处理'],
    ]);
    expect(adminEvents.every((e: { actorId: number | null }) => typeof e.actorId === 'number')).toBe(true);
    expect(detail.body.realNickname).toBe('阿草');

    const search = await t.http.get(`/api/v1/admin/reviews?productId=${p.productId}&rating=2&status=published`, { token: viewer });
    expect(search.body.items.map((i: { id: number }) => i.id)).toEqual([rb.id]);
    const none = await t.http.post('/api/v1/admin/reviews/999999/hide', { reason: 'x' }, { token: operator });
    expect(none.status).toBe(404);
  });

  it('filters: images, good, medium, bad', async () => {
    const p = await product(t, owner, 4);
    const buyer = await newBuyer(t);
    const o = await boughtOrder(t, owner, buyer, p.skuIds);
    const ids: number[] = [];
    for (const [i, rating] of [5, 3, 1, 4].entries())
      ids.push((await review(t, buyer, { orderItemId: o.itemIds[i], rating, content: `评价${i}` })).body.id);
    const get = async (filter: string) =>
      (await t.http.get(`/api/v1/products/${p.productId}/reviews?filter=${filter}`)).body.items.map((i: { rating: number }) => i.rating);
    expect(await get('all')).toEqual([4, 1, 3, 5]);
    expect(await get('good')).toEqual([4, 5]);
    expect(await get('medium')).toEqual([3]);
    expect(await get('bad')).toEqual([1]);
    expect(await get('images')).toEqual([]);
    const bad = await t.http.get(`/api/v1/products/${p.productId}/reviews?filter=worst`);
    expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    await drain(t);
  });

  it('keeps the summary exact under 50 concurrent reviews of one product (and concurrent hides and shows)', async () => {
    const p = await product(t, owner, 10);
    const buyers: Buyer[] = [];
    for (let i = 0; i < 5; i++) buyers.push(await newBuyer(t));
    const orders = await Promise.all(buyers.map((b) => boughtOrder(t, owner, b, p.skuIds)));
    const jobs = buyers.flatMap((b, i) =>
      orders[i]!.itemIds.map((itemId, j) => ({
        b,
        body: {
          orderItemId: itemId,
          rating: 1 + ((i * 7 + j * 3) % 5),
          content: j % 4 === 0 ? `REVIEW 这个要人工看 ${i}-${j}` : `评价 ${i}-${j}`,
        },
      })),
    );
    const results = await Promise.all(jobs.map((j) => review(t, j.b, j.body)));
    expect(results.map((r) => r.status)).toEqual(jobs.map(() => 201));
    const rows = await summaryFromRows(t, p.productId);
    expect(rows.count).toBe(50 - 15);
    expect(await summaryRow(t, p.productId)).toEqual(rows);

    // Operators hide, show and approve at once; the summary still matches the rows.
    const operator = await t.createAdmin('operator');
    const ids = results.map((r) => r.body.id as number);
    await Promise.all(
      ids.map((id, k) =>
        k % 3 === 0
          ? t.http.post(`/api/v1/admin/reviews/${id}/hide`, { reason: '抽查' }, { token: operator })
          : k % 3 === 1
            ? t.http.post(`/api/v1/admin/reviews/${id}/approve`, { reason: '人工通过' }, { token: operator })
            : t.http
                .post(`/api/v1/admin/reviews/${id}/hide`, { reason: '抽查' }, { token: operator })
                .then(() => t.http.post(`/api/v1/admin/reviews/${id}/show`, { reason: '恢复' }, { token: operator })),
      ),
    );
    expect(await summaryRow(t, p.productId)).toEqual(await summaryFromRows(t, p.productId));
    const api = (await t.http.get(`/api/v1/products/${p.productId}/reviews/summary`)).body;
    const row = await summaryRow(t, p.productId);
    expect(api.count).toBe(row.count);
    expect(api.ratingCounts).toEqual([row.s1, row.s2, row.s3, row.s4, row.s5]);
  });
});
