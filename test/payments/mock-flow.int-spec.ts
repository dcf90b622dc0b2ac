import { TransactionRunner } from '@app/database';
import { JobRunner } from '@app/jobs/testing';
import { PaymentsService } from '@app/payments';
import { createAddress, createShopProduct, generateTestPayKeys, placeOrder, startTestApp, testPayEnv, type TestApp } from '@app/testing';

/** The demo's payment path: PAYMENT_PROVIDER=mock, paid through the dev route, refunded at once. */
describe('mock payment provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PAYMENT_PROVIDER: 'mock' } });
  });
  afterAll(() => t?.close());

  it('pays through the dev route like a notification, and refunds', async () => {
    const owner = await t.loginAdmin();
    const { token } = await t.loginUser();
    const addressId = await createAddress(t, token);
    const p = await createShopProduct(t, owner, [{ price: 5000, stock: 5 }]);
    const order = (await placeOrder(t, token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId })).body;
    const params = await t.http.post(`/api/v1/orders/${order.id}/pay`, undefined, { token });
    expect(params.status).toBe(200);
    expect(params.body).toMatchObject({ signType: 'MOCK', package: expect.stringMatching(/^prepay_id=mock_/) });
    const paid = await t.http.post(`/api/v1/dev/payments/${order.orderNo}/succeed`);
    expect([paid.status, paid.body.outcome]).toEqual([200, 'paid']);
    expect((await t.http.post(`/api/v1/dev/payments/${order.orderNo}/succeed`)).body.outcome).toBe('already_paid');
    expect((await t.http.get(`/api/v1/orders/${order.id}`, { token })).body.status).toBe('paid');
    expect((await t.http.post('/api/v1/dev/payments/00000000000000000000001/succeed')).status).toBe(404);

    await t.app.get(TransactionRunner).run((m) => t.app.get(PaymentsService).refund(m, order.id, 2000, 'demo'));
    await t.app.get(JobRunner).drain();
    expect(await t.sql('SELECT refunded_amount FROM orders WHERE id = ?', [order.id])).toEqual([{ refunded_amount: 2000 }]);
  });

  it('does not exist with the WeChat Pay provider', async () => {
    const other = await startTestApp({ database: t.db, wechat: t.wechat, env: { PAYMENT_PROVIDER: 'wechat', ...(await wechatEnv()) } });
    try {
      expect((await other.http.post('/api/v1/dev/payments/123456789/succeed')).status).toBe(404);
    } finally {
      await other.close();
    }
  });
});

async function wechatEnv(): Promise<Record<string, string>> {
  return testPayEnv(await generateTestPayKeys(), { baseUrl: 'http://127.0.0.1:9' });
}
