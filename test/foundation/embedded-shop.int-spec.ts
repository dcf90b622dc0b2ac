import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '@app/api';
import { ManualClock } from '@app/common/testing';
import { loadConfig } from '@app/config';
import { JobRunner } from '@app/jobs/testing';
import { EXPIRE_SWEEP } from '@app/orders/testing';
import { ADDRESS, forgetContract, HttpClient, sharedOpenApiDocument } from '@app/testing';

/** The demo a newcomer gets from `npm install && npm start`: the whole shop on the embedded database, mock payments. */
describe('embedded demo: a whole purchase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-shop-'));
  const clock = new ManualClock();
  let app: NestFastifyApplication;
  let http: HttpClient;

  beforeAll(async () => {
    app = await createApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS_IN_PROCESS: 'false' }), {
      clock,
      openApiDocument: sharedOpenApiDocument,
    });
    await app.listen(0, '127.0.0.1');
    http = new HttpClient(`http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await app?.close();
    if (http) forgetContract(http.baseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('browses the seeded catalog, buys with the mock provider, ships, and refunds through after-sale', async () => {
    const products = await http.get('/api/v1/products?sort=sales&pageSize=5');
    expect(products.body.total).toBeGreaterThan(0);
    const detail = await http.get(`/api/v1/products/${products.body.items[0].id}`);
    const sku = detail.body.skus.find((s: { stock: number }) => s.stock > 2);
    const { token } = (await http.post('/api/v1/auth/dev-login', { openid: 'o_demo_buyer' })).body;
    const address = await http.post('/api/v1/addresses', ADDRESS, { token });
    const other = (await http.get(`/api/v1/products/${products.body.items[1].id}`)).body.skus.find((s: { stock: number }) => s.stock > 0);
    await http.post('/api/v1/cart/items', { skuId: other.id, quantity: 1 }, { token });
    const cart = await http.post('/api/v1/cart/items', { skuId: sku.id, quantity: 2 }, { token });
    expect(cart.body.totals.selectedQuantity).toBe(3);
    const order = await http.post(
      '/api/v1/orders',
      { fromCart: true, addressId: address.body.id },
      { token, headers: { 'idempotency-key': 'demo-order-0001' } },
    );
    expect(order.status).toBe(201);
    // The answer is built from what was written: its line ids are the stored ones.
    const stored = await http.get(`/api/v1/orders/${order.body.id}`, { token });
    expect(order.body.items.map((i: { id: number; skuId: number }) => [i.id, i.skuId]).sort()).toEqual(
      stored.body.items.map((i: { id: number; skuId: number }) => [i.id, i.skuId]).sort(),
    );
    expect(order.body.items).toHaveLength(2);
    expect((await http.get('/api/v1/cart', { token })).body.items).toEqual([]);
    expect((await http.post(`/api/v1/orders/${order.body.id}/pay`, undefined, { token })).status).toBe(200);
    expect((await http.post(`/api/v1/dev/payments/${order.body.orderNo}/succeed`)).body.outcome).toBe('paid');
    const admin = (await http.post('/api/v1/admin/auth/login', { username: 'admin', password: 'wxmall-demo' })).body.token;
    expect(
      (
        await http.post(
          `/api/v1/admin/orders/${order.body.id}/ship`,
          { expressCompany: 'SF', trackingNo: 'SF0000000001' },
          { token: admin },
        )
      ).status,
    ).toBe(200);
    await app.get(JobRunner).drain();

    const as = await http.post(
      '/api/v1/after-sales',
      {
        orderId: order.body.id,
        type: 'refund_only',
        reason: 'damaged',
        items: [{ orderItemId: order.body.items.find((i: { skuId: number }) => i.skuId === sku.id).id, quantity: 1 }],
      },
      { token },
    );
    expect(as.status).toBe(201);
    expect((await http.post(`/api/v1/admin/after-sales/${as.body.id}/approve`, undefined, { token: admin })).body.status).toBe('refunding');
    await app.get(JobRunner).drain(); // the mock provider refunds at once
    expect((await http.get(`/api/v1/after-sales/${as.body.id}`, { token })).body.status).toBe('refunded');
    expect((await http.get(`/api/v1/orders/${order.body.id}`, { token })).body).toMatchObject({
      status: 'shipped',
      refundedAmount: as.body.refundAmount,
    });
    expect((await http.get('/api/v1/orders/counts', { token })).body.shipped).toBe(1);
  });

  it('expires unpaid orders on the embedded database too', async () => {
    const { token } = (await http.post('/api/v1/auth/dev-login', { openid: 'o_demo_late' })).body;
    const address = await http.post('/api/v1/addresses', ADDRESS, { token });
    const products = await http.get('/api/v1/products?pageSize=1&sort=newest');
    const sku = (await http.get(`/api/v1/products/${products.body.items[0].id}`)).body.skus.find((s: { stock: number }) => s.stock > 0);
    const order = await http.post(
      '/api/v1/orders',
      { items: [{ skuId: sku.id, quantity: 1 }], addressId: address.body.id },
      { token, headers: { 'idempotency-key': 'demo-order-0002' } },
    );
    expect(order.status).toBe(201);
    clock.advanceMinutes(31);
    expect(await app.get(JobRunner).runSweep(EXPIRE_SWEEP)).toBe(1);
    expect((await http.get(`/api/v1/orders/${order.body.id}`, { token })).body).toMatchObject({
      status: 'cancelled',
      cancelReason: 'expired',
    });
  });
});
