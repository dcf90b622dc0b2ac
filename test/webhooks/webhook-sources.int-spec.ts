import { WebhookDispatcher } from '@app/webhooks/testing';
import { paidOrder, settleRefund } from '../after-sale/as-fixtures';
import { drainJobs, earn, promoter, type PayWorld, shopper, startDistWorld, withdraw } from '../distribution/dist-fixtures';
import { Receiver } from './webhook-fixtures';

/** Each module's events, with the document its admin API serves, written in the transaction of the change. */
describe('webhook events of every module', () => {
  let w: PayWorld;
  let rx: Receiver;

  beforeAll(async () => {
    w = await startDistWorld({}, { withdrawMin: 100, withdrawMax: 100_000, channels: ['wechat', 'manual'] });
    rx = await new Receiver().start();
    const types = ['refund.succeeded', 'refund.failed', 'after_sale.changed', 'shopper.created', 'commission.settled', 'withdrawal.paid'];
    const res = await w.t.http.post('/api/v1/admin/webhooks/endpoints', { url: rx.url, eventTypes: types }, { token: w.owner });
    expect(res.status).toBe(201);
    rx.secrets.push(res.body.secret);
  });
  afterAll(async () => {
    await w?.close();
    await rx?.server.close();
  });

  const deliver = async () => {
    await drainJobs(w);
    await w.t.app.get(WebhookDispatcher).dispatch();
  };
  const of = (type: string) => rx.accepted.filter((e) => e.type === type);

  it('shopper.created once per new shopper, as the customers API shows them', async () => {
    const s = await shopper(w);
    await w.t.http.get('/api/v1/me', { token: s.token });
    await deliver();
    const mine = of('shopper.created').filter((e) => e.data.id === s.userId);
    expect(mine).toHaveLength(1);
    const served = (await w.t.http.get(`/api/v1/admin/customers/${s.userId}`, { token: w.owner })).body;
    expect(Object.keys(mine[0]!.data).every((k) => k in served)).toBe(true);
    expect(mine[0]!.data.openid).toContain('****');
  });

  it('after_sale.changed at each step, then refund.succeeded or refund.failed', async () => {
    const o = await paidOrder(w, [{ price: 1000, quantity: 2 }]);
    const refund = (body: unknown) => w.t.http.post(`/api/v1/admin/orders/${o.orderId}/refunds`, body, { token: w.owner });
    const first = await refund({ items: [{ orderItemId: o.items[0]!.id, quantity: 1 }], reason: '缺货' });
    expect(first.status).toBe(200);
    await settleRefund(w, first.body.id);
    await deliver();
    const changes = of('after_sale.changed').filter((e) => e.data.id === first.body.id);
    expect(changes.map((e) => e.data.status)).toEqual(['requested', 'refunding', 'refunded']);
    const served = (await w.t.http.get(`/api/v1/admin/after-sales/${first.body.id}`, { token: w.owner })).body;
    expect(changes.at(-1)!.data).toEqual(served);
    const succeeded = of('refund.succeeded').filter((e) => e.data.orderId === o.orderId);
    expect(succeeded.map((e) => [e.data.status, e.data.amount, e.data.afterSaleId])).toEqual([['succeeded', 1000, first.body.id]]);

    const second = await refund({ items: [{ orderItemId: o.items[0]!.id, quantity: 1 }], reason: '缺货' });
    await settleRefund(w, second.body.id, 'CLOSED');
    await deliver();
    expect(
      of('refund.failed')
        .filter((e) => e.data.orderId === o.orderId)
        .map((e) => e.data.status),
    ).toEqual(['closed']);
    expect(rx.badSignatures).toBe(0);
  });

  it('commission.settled when a commission becomes withdrawable, withdrawal.paid when it is paid out', async () => {
    const p = await promoter(w);
    await earn(w, p, 900);
    await deliver();
    const settled = of('commission.settled').filter((e) => e.data.promoterId === p.promoterId);
    expect(settled.map((e) => [e.data.status, e.data.amount])).toEqual([['settled', 900]]);
    expect(settled[0]!.data.title).not.toBe('');

    const res = await withdraw(w, p, 900, 'manual');
    const admin = (action: string, body: unknown = {}) =>
      w.t.http.post(`/api/v1/admin/distribution/withdrawals/${res.body.id}/${action}`, body, { token: w.owner });
    expect((await admin('approve')).status).toBe(200);
    await drainJobs(w);
    expect((await admin('mark-paid', { reference: 'BANK-1' })).status).toBe(200);
    await deliver();
    const paid = of('withdrawal.paid').filter((e) => e.data.id === res.body.id);
    expect(paid.map((e) => [e.data.status, e.data.manualReference, e.data.promoterId])).toEqual([['succeeded', 'BANK-1', p.promoterId]]);
  });
});
