import { startTestApp, type TestApp } from '@app/testing';
import { boughtOrder, drain, newBuyer, product, review } from './review-fixtures';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

/** Message push in safe mode (encrypted events), and content security turned off. */
describe('content security modes', () => {
  describe('message push in safe mode (WX_PUSH_AES_KEY)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { WX_PUSH_AES_KEY: AES_KEY, CONTENT_IMAGE_HOSTS: 'img.example.com' } });
    });
    afterAll(() => t?.close());

    it('decrypts signed events; a plain (unencrypted) event is refused', async () => {
      const owner = await t.loginAdmin();
      // newBuyer's avatar verdict already travelled encrypted (the fake encrypts when the target has a key).
      const buyer = await newBuyer(t);
      const p = await product(t, owner);
      const o = await boughtOrder(t, owner, buyer, p.skuIds);
      const r = await review(t, buyer, {
        orderItemId: o.itemIds[0],
        rating: 5,
        content: '安全模式',
        images: ['https://img.example.com/safe.jpg'],
      });
      await drain(t);
      const trace = t.wechat.mediaCheckOf('safe.jpg')!.traceId;
      const target = t.wechat.pushTarget!;
      t.wechat.pushTarget = { ...target, aesKey: undefined };
      try {
        expect((await t.wechat.pushMediaResult(trace, 'pass')).status).toBe(401);
      } finally {
        t.wechat.pushTarget = target;
      }
      expect((await t.http.get(`/api/v1/reviews/${r.body.id}`, { token: buyer.token })).body.status).toBe('pending');
      expect((await t.wechat.pushMediaResult(trace, 'pass')).status).toBe(200);
      expect((await t.http.get(`/api/v1/reviews/${r.body.id}`, { token: buyer.token })).body.status).toBe('published');
    });
  });

  describe('CONTENT_SECURITY=off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { CONTENT_SECURITY: 'off', CONTENT_IMAGE_HOSTS: 'img.example.com' } });
    });
    afterAll(() => t?.close());

    it('publishes at once and asks WeChat nothing (images are still restricted to the allowed hosts)', async () => {
      const owner = await t.loginAdmin();
      const { token, userId } = await t.loginUser();
      const p = await product(t, owner, 2);
      const buyer = { token, userId, openid: '', avatarUrl: '' };
      expect((await t.http.patch('/api/v1/me', { nickname: 'RISKY 也不查' }, { token })).status).toBe(200);
      const o = await boughtOrder(t, owner, buyer, p.skuIds);
      const r = await review(t, buyer, {
        orderItemId: o.itemIds[0],
        rating: 5,
        content: 'RISKY',
        images: ['https://img.example.com/x.jpg'],
      });
      expect([r.status, r.body.status]).toEqual([201, 'published']);
      const bad = await review(t, buyer, { orderItemId: o.itemIds[1], rating: 5, images: ['https://elsewhere.example.net/x.jpg'] });
      expect(bad.status).toBe(400);
      expect(t.wechat.callsTo('/wxa/msg_sec_check')).toHaveLength(0);
      expect(t.wechat.callsTo('/wxa/media_check_async')).toHaveLength(0);
      expect(await t.sql('SELECT COUNT(*) AS n FROM content_check')).toEqual([{ n: 0 }]);
    });
  });
});
