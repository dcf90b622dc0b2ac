import { JobRunner } from '@app/jobs/testing';
import { pushSignature } from '@app/wechat/testing';
import { startTestApp, TEST_PUSH_TOKEN, type TestApp } from '@app/testing';
import {
  boughtOrder,
  type Buyer,
  type CompletedOrder,
  drain,
  newBuyer,
  product,
  review,
  summaryFromRows,
  summaryRow,
  sweepMediaTimeouts,
} from './review-fixtures';

const PUSH = '/api/v1/wechat/message-push';

/** WeChat content security on reviews: msgSecCheck, mediaCheckAsync and its message push, failing closed (issue 16). */
describe('content security of reviews', () => {
  let t: TestApp;
  let owner: string;
  let buyer: Buyer;
  let productId: number;
  let order: CompletedOrder;
  let next = 0;
  beforeAll(async () => {
    t = await startTestApp({ env: { CONTENT_IMAGE_HOSTS: 'img.example.com', MEDIA_CHECK_TIMEOUT: '30m', CONTENT_CHECK_DEDUPE: '10m' } });
    owner = await t.loginAdmin();
    buyer = await newBuyer(t, '检查员');
    const p = await product(t, owner, 20);
    productId = p.productId;
    order = await boughtOrder(t, owner, buyer, p.skuIds);
    await drain(t);
  });
  afterAll(() => t?.close());

  const item = (): number => order.itemIds[next++]!;
  const mine = async (id: number) => (await t.http.get(`/api/v1/reviews/${id}`, { token: buyer.token })).body;
  const listed = async (): Promise<number[]> =>
    (await t.http.get(`/api/v1/products/${productId}/reviews?pageSize=100`)).body.items.map((i: { id: number }) => i.id);
  const checks = (reviewId: number) =>
    t.sql(
      'SELECT kind, status, suggest, label, trace_id, source, late, content_hash FROM content_check WHERE target_type = ? AND target_id = ? ORDER BY id',
      ['review', reviewId],
    );
  const mediaTrace = (urlPart: string): string => {
    const c = t.wechat.mediaCheckOf(urlPart);
    if (!c) throw new Error(`no media check of ${urlPart}`);
    return c.traceId;
  };

  it('text: pass publishes, review holds for the shop, risky is refused with 400 naming the field', async () => {
    const pass = await review(t, buyer, { orderItemId: item(), rating: 5, content: '物流很快，包装完好' });
    expect([pass.status, pass.body.status]).toEqual([201, 'published']);
    expect(await checks(pass.body.id)).toEqual([
      expect.objectContaining({
        kind: 'text',
        status: 'done',
        suggest: 'pass',
        label: 100,
        source: 'wechat',
        trace_id: expect.stringMatching(/^trace_/),
      }),
    ]);
    const call = t.wechat.callsTo('/wxa/msg_sec_check').at(-1)!;
    expect(call.body).toEqual({ version: 2, openid: buyer.openid, scene: 2, content: '物流很快，包装完好' });

    const held = await review(t, buyer, { orderItemId: item(), rating: 2, content: 'REVIEW 这句话需要人工看' });
    expect([held.status, held.body.status]).toEqual([201, 'held']);
    expect(await listed()).not.toContain(held.body.id);
    const queue = await t.http.get('/api/v1/admin/reviews?status=held', { token: owner });
    expect(queue.body.items.map((i: { id: number }) => i.id)).toContain(held.body.id);
    const approved = await t.http.post(`/api/v1/admin/reviews/${held.body.id}/approve`, { reason: '人工审核通过' }, { token: owner });
    expect([approved.status, approved.body.status]).toEqual([200, 'published']);
    expect(await listed()).toContain(held.body.id);
    const again = await t.http.post(`/api/v1/admin/reviews/${held.body.id}/reject`, { reason: '改主意' }, { token: owner });
    expect([again.status, again.body.code]).toEqual([409, 'REVIEW_STATE_CONFLICT']);

    const before = await t.sql('SELECT COUNT(*) AS n FROM review');
    const itemId = item();
    const risky = await review(t, buyer, { orderItemId: itemId, rating: 1, content: '这是 RISKY 内容' });
    expect([risky.status, risky.body.code, risky.body.details]).toEqual([400, 'CONTENT_RISKY', { field: 'content' }]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM review')).toEqual(before);
    // The refused check is kept for audit, tied to nothing.
    const [audit] = await t.sql("SELECT suggest, label, target_id FROM content_check WHERE kind = 'text' ORDER BY id DESC LIMIT 1");
    expect(audit).toEqual({ suggest: 'risky', label: 20002, target_id: null });
    expect((await review(t, buyer, { orderItemId: itemId, rating: 1, content: '换个说法' })).status).toBe(201);
  });

  it('identical text within the dedupe window is not sent to WeChat twice', async () => {
    const text = `一模一样的评价 ${Date.now()}`;
    const calls = t.wechat.callsTo('/wxa/msg_sec_check').length;
    const a = await review(t, buyer, { orderItemId: item(), rating: 4, content: text });
    const b = await review(t, buyer, { orderItemId: item(), rating: 4, content: text });
    expect([a.body.status, b.body.status]).toEqual(['published', 'published']);
    expect(t.wechat.callsTo('/wxa/msg_sec_check').length).toBe(calls + 1);
    const [ca] = await checks(a.body.id);
    const [cb] = await checks(b.body.id);
    expect([ca.source, cb.source, cb.trace_id, cb.content_hash]).toEqual(['wechat', 'reused', ca.trace_id, ca.content_hash]);
    // Past the window it is asked again.
    t.clock.advanceMinutes(11);
    await review(t, buyer, { orderItemId: item(), rating: 4, content: text });
    expect(t.wechat.callsTo('/wxa/msg_sec_check').length).toBe(calls + 2);
  });

  it('fails closed when WeChat is down: stored but not shown, and a durable job asks again', async () => {
    t.wechat.down.add('/wxa/msg_sec_check');
    let id: number;
    try {
      const res = await review(t, buyer, { orderItemId: item(), rating: 5, content: '微信挂了的时候写的评价' });
      expect([res.status, res.body.status]).toEqual([201, 'pending']);
      id = res.body.id;
      expect(await listed()).not.toContain(id);
      expect(await t.sql("SELECT status FROM job WHERE type = 'moderation.check-text'")).toEqual([{ status: 'pending' }]);
      await drain(t); // still down: the job is retried later
      expect((await mine(id)).status).toBe('pending');
    } finally {
      t.wechat.down.delete('/wxa/msg_sec_check');
    }
    t.clock.advanceMinutes(60);
    await drain(t);
    expect((await mine(id)).status).toBe('published');
    expect(await listed()).toContain(id);
    expect(await summaryRow(t, productId)).toEqual(await summaryFromRows(t, productId));
  });

  it('images: only cloud:// file ids and allowed https hosts', async () => {
    const itemId = item();
    for (const bad of [
      'http://img.example.com/x.png',
      'https://evil.example.net/x.png',
      'cloud://nobucket',
      'https://img.example.com:8443/x.png',
    ]) {
      const res = await review(t, buyer, { orderItemId: itemId, rating: 5, images: [bad] });
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'VALIDATION_FAILED']);
    }
    expect(await t.sql('SELECT COUNT(*) AS n FROM review WHERE order_item_id = ?', [itemId])).toEqual([{ n: 0 }]);
  });

  it('images: public only once every image passed; review holds; risky rejects and tells the buyer', async () => {
    const tag = Date.now().toString(36);
    const images = [`cloud://env-1.bucket/reviews/${tag}-a.jpg`, `https://img.example.com/${tag}-b.jpg`];
    const res = await review(t, buyer, { orderItemId: item(), rating: 5, content: '有图有真相', images });
    expect([res.status, res.body.status, res.body.images]).toEqual([201, 'pending', images]);
    await drain(t);
    // The cloud file went to WeChat as its temporary HTTPS URL.
    expect(t.wechat.mediaCheckOf(`reviews/${tag}-a.jpg`)?.mediaUrl).toMatch(/^https:\/\/tmp\.tcb\.example\.com\//);
    expect(t.wechat.mediaCheckOf(`${tag}-b.jpg`)).toMatchObject({ openid: buyer.openid, scene: 2 });

    expect((await t.wechat.pushMediaResult(mediaTrace(`${tag}-a.jpg`), 'pass')).text).toBe('success');
    expect((await mine(res.body.id)).status).toBe('pending');
    await t.wechat.pushMediaResult(mediaTrace(`${tag}-b.jpg`), 'pass');
    expect((await mine(res.body.id)).status).toBe('published');
    expect(await listed()).toContain(res.body.id);
    expect((await summaryRow(t, productId)).withImages).toBeGreaterThan(0);
    // A repeated push changes nothing.
    await t.wechat.pushMediaResult(mediaTrace(`${tag}-b.jpg`), 'risky');
    expect((await mine(res.body.id)).status).toBe('published');

    const held = await review(t, buyer, {
      orderItemId: item(),
      rating: 3,
      content: '图片待审',
      images: [`https://img.example.com/${tag}-c.jpg`],
    });
    await drain(t);
    await t.wechat.pushMediaResult(mediaTrace(`${tag}-c.jpg`), 'review');
    expect((await mine(held.body.id)).status).toBe('held');

    const risky = await review(t, buyer, {
      orderItemId: item(),
      rating: 3,
      content: '图片违规',
      images: [`https://img.example.com/${tag}-d.jpg`],
    });
    await drain(t);
    await t.wechat.pushMediaResult(mediaTrace(`${tag}-d.jpg`), 'risky');
    const mineRisky = await mine(risky.body.id);
    expect(mineRisky.status).toBe('rejected');
    expect(await listed()).not.toContain(risky.body.id);
    const [check] = await checks(risky.body.id).then((c) => c.filter((x: { kind: string }) => x.kind === 'image'));
    expect(check).toMatchObject({ status: 'done', suggest: 'risky', label: 20002 });
    expect(await summaryRow(t, productId)).toEqual(await summaryFromRows(t, productId));
  });

  it('images: no callback holds the review after MEDIA_CHECK_TIMEOUT; a late verdict still applies', async () => {
    const tag = Date.now().toString(36);
    const missing = await review(t, buyer, {
      orderItemId: item(),
      rating: 4,
      content: '回调丢了',
      images: [`https://img.example.com/${tag}-m.jpg`],
    });
    const late = await review(t, buyer, {
      orderItemId: item(),
      rating: 4,
      content: '回调迟到',
      images: [`https://img.example.com/${tag}-l.jpg`],
    });
    await drain(t);
    expect(await sweepMediaTimeouts(t)).toBe(0);
    t.clock.advanceMinutes(31);
    expect(await sweepMediaTimeouts(t)).toBe(2);
    expect([(await mine(missing.body.id)).status, (await mine(late.body.id)).status]).toEqual(['held', 'held']);

    await t.wechat.pushMediaResult(mediaTrace(`${tag}-l.jpg`), 'pass');
    expect((await mine(late.body.id)).status).toBe('published');
    const [check] = (await checks(late.body.id)).filter((c: { kind: string }) => c.kind === 'image');
    expect(check).toMatchObject({ status: 'done', suggest: 'pass', late: 1 });
    expect((await mine(missing.body.id)).status).toBe('held');
  });

  it('images: WeChat unreachable when submitting: the job retries, the review waits', async () => {
    const tag = Date.now().toString(36);
    t.wechat.down.add('/wxa/media_check_async');
    let id: number;
    try {
      id = (
        await review(t, buyer, {
          orderItemId: item(),
          rating: 5,
          content: '提交时微信不可用',
          images: [`https://img.example.com/${tag}-u.jpg`],
        })
      ).body.id;
      await drain(t);
      expect(t.wechat.mediaCheckOf(`${tag}-u.jpg`)).toBeUndefined();
      expect((await mine(id)).status).toBe('pending');
    } finally {
      t.wechat.down.delete('/wxa/media_check_async');
    }
    t.clock.advanceMinutes(5);
    await t.app.get(JobRunner).drain(500);
    await t.wechat.pushMediaResult(mediaTrace(`${tag}-u.jpg`), 'pass');
    expect((await mine(id)).status).toBe('published');
  });

  it('refuses forged message pushes and answers the URL check', async () => {
    const tag = Date.now().toString(36);
    const r = await review(t, buyer, {
      orderItemId: item(),
      rating: 5,
      content: '伪造回调',
      images: [`https://img.example.com/${tag}-f.jpg`],
    });
    await drain(t);
    const trace = mediaTrace(`${tag}-f.jpg`);
    const forged = await t.wechat.pushMediaResult(trace, 'pass', { signWith: 'not-the-token' });
    expect(forged.status).toBe(401);
    const unsigned = await t.http.post(PUSH, { Event: 'wxa_media_check', trace_id: trace, result: { suggest: 'pass', label: 100 } });
    expect(unsigned.status).toBe(401);
    expect((await mine(r.body.id)).status).toBe('pending');
    expect((await checks(r.body.id)).find((c: { kind: string }) => c.kind === 'image')).toMatchObject({
      status: 'checking',
      suggest: null,
    });

    const ts = '1700000000';
    const nonce = 'abc123';
    const ok = await t.http.get(
      `${PUSH}?signature=${pushSignature(TEST_PUSH_TOKEN, ts, nonce)}&timestamp=${ts}&nonce=${nonce}&echostr=hello`,
    );
    expect([ok.status, ok.text]).toEqual([200, 'hello']);
    const bad = await t.http.get(`${PUSH}?signature=${pushSignature('wrong', ts, nonce)}&timestamp=${ts}&nonce=${nonce}&echostr=hello`);
    expect(bad.status).toBe(401);
  });

  it('follow-ups are checked too: risky refused, review held until approved', async () => {
    const r = (await review(t, buyer, { orderItemId: item(), rating: 5, content: '先好评' })).body;
    const risky = await t.http.post(`/api/v1/reviews/${r.id}/follow-up`, { content: 'RISKY 追评' }, { token: buyer.token });
    expect([risky.status, risky.body.code, risky.body.details.field]).toEqual([400, 'CONTENT_RISKY', 'content']);
    const held = await t.http.post(`/api/v1/reviews/${r.id}/follow-up`, { content: 'REVIEW 追评' }, { token: buyer.token });
    expect([held.status, held.body.followUpStatus]).toEqual([200, 'held']);
    const shown = async () =>
      (await t.http.get(`/api/v1/products/${productId}/reviews?pageSize=100`)).body.items.find((i: { id: number }) => i.id === r.id);
    expect((await shown()).followUp).toBeNull();
    const ok = await t.http.post(`/api/v1/admin/reviews/${r.id}/approve`, { reason: '追评没问题', part: 'follow_up' }, { token: owner });
    expect(ok.body.followUpStatus).toBe('approved');
    expect((await shown()).followUp).toMatchObject({ content: 'REVIEW 追评' });
  });
});
