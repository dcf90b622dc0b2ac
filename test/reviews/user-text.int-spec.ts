import { createAddress, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { boughtOrder, drain, newBuyer, product, review } from './review-fixtures';

/** Nicknames (profile scene), order remarks and after-sale descriptions (comment scene) are checked by WeChat. */
describe('content security of user text', () => {
  let t: TestApp;
  let owner: string;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await t.loginAdmin();
  });
  afterAll(() => t?.close());

  const lastCheck = async (targetType: string) =>
    (
      await t.sql('SELECT scene, suggest, status, target_id FROM content_check WHERE target_type = ? ORDER BY id DESC LIMIT 1', [
        targetType,
      ])
    )[0];

  it('nickname: risky refused naming the field, review stored but kept off reviews, pass stored', async () => {
    const buyer = await newBuyer(t, '正常昵称');
    expect(await lastCheck('nickname')).toEqual({ scene: 1, suggest: 'pass', status: 'done', target_id: buyer.userId });
    const risky = await t.http.patch('/api/v1/me', { nickname: 'RISKY昵称' }, { token: buyer.token });
    expect([risky.status, risky.body.code, risky.body.details]).toEqual([400, 'CONTENT_RISKY', { field: 'nickname' }]);
    expect((await t.http.get('/api/v1/me', { token: buyer.token })).body.nickname).toBe('正常昵称');

    const held = await t.http.patch('/api/v1/me', { nickname: 'REVIEW昵称' }, { token: buyer.token });
    expect([held.status, held.body.nickname]).toEqual([200, 'REVIEW昵称']);
    expect(await lastCheck('nickname')).toMatchObject({ suggest: 'review', target_id: buyer.userId });
    const p = await product(t, owner);
    const o = await boughtOrder(t, owner, buyer, p.skuIds);
    const r = await review(t, buyer, { orderItemId: o.itemIds[0], rating: 5, content: '昵称待审时写的评价' });
    expect([r.status, r.body.nickname]).toEqual([201, '']);

    // Avatar-only changes call nothing.
    const calls = t.wechat.callsTo('/wxa/msg_sec_check').length;
    expect((await t.http.patch('/api/v1/me', { avatarUrl: 'https://img.example.com/b.png' }, { token: buyer.token })).status).toBe(200);
    expect(t.wechat.callsTo('/wxa/msg_sec_check').length).toBe(calls);
  });

  it('order remark: risky refused with nothing written; review stored and held; WeChat down: stored, retried', async () => {
    const buyer = await newBuyer(t);
    const addressId = await createAddress(t, buyer.token);
    const p = await product(t, owner);
    const items = [{ skuId: p.skuIds[0]!, quantity: 1 }];
    const before = await t.sql('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [buyer.userId]);
    const risky = await placeOrder(t, buyer.token, { items, addressId, remark: '备注 RISKY' });
    expect([risky.status, risky.body.code, risky.body.details]).toEqual([400, 'CONTENT_RISKY', { field: 'remark' }]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM orders WHERE user_id = ?', [buyer.userId])).toEqual(before);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [p.skuIds[0]])).toEqual([{ stock: 1000 }]);

    const held = await placeOrder(t, buyer.token, { items, addressId, remark: '备注 REVIEW 一下' });
    expect(held.status).toBe(201);
    expect(await lastCheck('order_remark')).toEqual({ scene: 2, suggest: 'review', status: 'done', target_id: held.body.id });

    t.wechat.down.add('/wxa/msg_sec_check');
    try {
      const down = await placeOrder(t, buyer.token, { items, addressId, remark: '微信不可用时的备注' });
      expect(down.status).toBe(201);
      expect(await lastCheck('order_remark')).toEqual({ scene: 2, suggest: null, status: 'checking', target_id: down.body.id });
    } finally {
      t.wechat.down.delete('/wxa/msg_sec_check');
    }
    t.clock.advanceMinutes(1);
    await drain(t);
    expect(await lastCheck('order_remark')).toMatchObject({ suggest: 'pass', status: 'done' });
    const plain = await placeOrder(t, buyer.token, { items, addressId });
    expect(plain.status).toBe(201);
  });

  it('after-sale description: risky refused naming the field, review stored with its check', async () => {
    const buyer = await newBuyer(t);
    const p = await product(t, owner, 2);
    const o = await boughtOrder(t, owner, buyer, p.skuIds, { receive: false });
    const body = (itemId: number, description: string) => ({
      orderId: o.orderId,
      type: 'refund_only',
      reason: 'other',
      description,
      items: [{ orderItemId: itemId, quantity: 1 }],
    });
    const risky = await t.http.post('/api/v1/after-sales', body(o.itemIds[0]!, 'RISKY 描述'), { token: buyer.token });
    expect([risky.status, risky.body.code, risky.body.details]).toEqual([400, 'CONTENT_RISKY', { field: 'description' }]);
    expect(await t.sql('SELECT COUNT(*) AS n FROM after_sale WHERE order_id = ?', [o.orderId])).toEqual([{ n: 0 }]);
    const held = await t.http.post('/api/v1/after-sales', body(o.itemIds[1]!, 'REVIEW 描述'), { token: buyer.token });
    expect(held.status).toBe(201);
    expect(await lastCheck('after_sale')).toEqual({ scene: 2, suggest: 'review', status: 'done', target_id: held.body.id });
  });
});
