import type { TestApp } from '@app/testing';
import { createWxmall, WxmallError } from '../../clients/miniprogram/src';
import { ADDRESS, openShop, shopper, startSdkApp, type Shop } from './sdk-fixtures';

const TOKEN_KEY = 'wxmall:token';
const is = (method: string, path: string) => (m: string, p: string) => m === method && p.split('?')[0] === path;

/** Transports, tokens, retries, idempotency keys and errors of the SDK, against a live wxmall. */
describe('SDK transports', () => {
  let t: TestApp;
  let shop: Shop;
  beforeAll(async () => {
    t = await startSdkApp();
    shop = await openShop(t);
  });
  afterAll(() => t?.close());

  describe('wx.request with tokens', () => {
    it('logs in once through wx.login, keeps the token in storage and reuses it in the next session', async () => {
      const { wx, sdk } = shopper(t, 'request');
      await Promise.all([sdk.cart.get(), sdk.addresses.list(), sdk.profile.get()]);
      expect(wx.logins).toBe(1);
      const stored = wx.getStorageSync(TOKEN_KEY) as { token: string; expiresAt: string };
      expect(stored.token).toEqual(expect.any(String));
      expect(Date.parse(stored.expiresAt)).toBeGreaterThan(Date.now());
      expect(
        wx.sent.filter((r) => r.path !== '/api/v1/auth/wx-login').every((r) => r.headers.authorization === `Bearer ${stored.token}`),
      ).toBe(true);

      // A new launch of the mini program: same storage, no login.
      const again = createWxmall({ transport: 'request', baseUrl: t.url, wx, retryDelaysMs: [] });
      await again.cart.get();
      expect(wx.logins).toBe(1);
    });

    it('sends no token with public catalog calls', async () => {
      const { wx, sdk } = shopper(t, 'request');
      await sdk.catalog.product(shop.productId);
      await sdk.afterSales.reasons();
      expect(wx.logins).toBe(0);
      expect(wx.sent.every((r) => r.headers.authorization === undefined)).toBe(true);
    });

    it('renews a refused token once and repeats the call', async () => {
      const { wx, sdk } = shopper(t, 'request');
      wx.setStorageSync(TOKEN_KEY, { token: 'not-a-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
      expect((await sdk.cart.get()).items).toEqual([]);
      expect(wx.logins).toBe(1);
      expect(wx.sent.map((r) => [r.method, r.path, r.status])).toEqual([
        ['GET', '/api/v1/cart', 401],
        ['POST', '/api/v1/auth/wx-login', 200],
        ['GET', '/api/v1/cart', 200],
      ]);
    });

    it('logs in before calling when the stored token is about to expire', async () => {
      const { wx, sdk } = shopper(t, 'request');
      wx.setStorageSync(TOKEN_KEY, { token: 'old', expiresAt: new Date(Date.now() + 30_000).toISOString() });
      await sdk.cart.get();
      expect(wx.sent.map((r) => r.status)).toEqual([200, 200]);
    });

    it('surfaces a failed login as the service answered it', async () => {
      const { wx, sdk } = shopper(t, 'request');
      wx.login = (o) => o.success?.({ code: 'code_unknown_to_wechat' });
      const err = await sdk.cart.get().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WxmallError);
      expect(err).toMatchObject({ code: 'WX_CODE_INVALID', status: 400, requestId: expect.any(String) });
      expect(wx.getStorageSync(TOKEN_KEY)).toBe('');
    });
  });

  describe('wx.cloud.callContainer', () => {
    it('is the same shopper as wx.request for the same openid, identified by the gateway alone', async () => {
      const viaRequest = shopper(t, 'request');
      const viaContainer = shopper(t, 'container', { openid: viaRequest.wx.opts.openid });
      const [a, b] = [await viaRequest.sdk.profile.get(), await viaContainer.sdk.profile.get()];
      expect(b.id).toBe(a.id);
      expect(viaContainer.wx.sent[0]!.headers).toMatchObject({ 'x-wx-openid': viaRequest.wx.opts.openid, 'x-wx-source': 'wx_client' });
      expect(viaContainer.wx.logins).toBe(0);
    });

    it('reports a call the platform refused (wrong service name) as NETWORK_ERROR', async () => {
      const { sdk } = shopper(t, 'container', { config: { service: 'other' } });
      await expect(sdk.catalog.home()).rejects.toMatchObject({
        code: 'NETWORK_ERROR',
        status: 0,
        message: expect.stringContaining('Host is invalid'),
      });
    });
  });

  describe('retries', () => {
    it('retries idempotent calls that got no answer, up to the configured delays', async () => {
      const { wx, sdk } = shopper(t, 'container');
      wx.fail({ when: 'before' }).fail({ when: 'after' });
      expect((await sdk.catalog.product(shop.productId)).id).toBe(shop.productId);
      expect(wx.sent.map((r) => r.status)).toEqual(['lost', 'lost', 200]);

      wx.fail({ when: 'before' }).fail({ when: 'before' }).fail({ when: 'before' });
      await expect(sdk.catalog.home()).rejects.toMatchObject({ name: 'WxmallError', code: 'NETWORK_ERROR', status: 0, requestId: null });
      expect(wx.faults).toEqual([]);
    });

    it('never repeats a call that is not idempotent: the service may have done it', async () => {
      const { wx, sdk } = shopper(t, 'container');
      wx.fail({ when: 'after', match: is('POST', '/api/v1/cart/items') });
      await expect(sdk.cart.add({ skuId: shop.plainSkuId, quantity: 1 })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
      expect(wx.sent.filter((r) => r.path === '/api/v1/cart/items')).toHaveLength(1);
      const cart = await sdk.cart.get();
      expect(cart.items.map((l: any) => [l.skuId, l.quantity])).toEqual([[shop.plainSkuId, 1]]);

      // A DELETE repeated after its answer was lost finds the line gone: done, not an error.
      wx.fail({ when: 'after', match: is('DELETE', `/api/v1/cart/items/${cart.items[0]!.id}`) });
      await expect(sdk.cart.remove(cart.items[0]!.id)).resolves.toBeUndefined();
      expect(wx.sent.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual(['lost', 404]);
      expect((await sdk.cart.get()).items).toEqual([]);
    });
  });

  describe('order attempts and Idempotency-Key', () => {
    it('repeats a lost POST /orders with the same key: one order', async () => {
      const { wx, sdk } = shopper(t, 'request');
      const address = await sdk.addresses.create(ADDRESS);
      const body = { items: [{ skuId: shop.plainSkuId, quantity: 1 }], addressId: address.id };
      wx.fail({ when: 'after', match: is('POST', '/api/v1/orders') });
      const order = await sdk.checkout.createOrder(body);
      const posts = wx.sent.filter((r) => r.method === 'POST' && r.path === '/api/v1/orders');
      expect(posts.map((r) => r.status)).toEqual(['lost', 201]);
      const keys = posts.map((r) => r.headers['Idempotency-Key']);
      expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
      expect(keys[1]).toBe(keys[0]);
      expect((await sdk.orders.list()).items.map((o: any) => o.id)).toEqual([order.id]);
    });

    it('keeps the key of an attempt whose outcome is unknown: submitting again gets its order', async () => {
      const { wx, sdk } = shopper(t, 'request');
      const address = await sdk.addresses.create(ADDRESS);
      const body = { items: [{ skuId: shop.plainSkuId, quantity: 2 }], addressId: address.id };
      for (let i = 0; i < 3; i++) wx.fail({ when: 'after', match: is('POST', '/api/v1/orders') });
      await expect(sdk.checkout.createOrder(body)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });

      // The buyer taps "submit" again: the same attempt, so the order the lost calls created.
      const order = await sdk.checkout.createOrder(body);
      const keys = new Set(wx.sent.filter((r) => r.path === '/api/v1/orders').map((r) => r.headers['Idempotency-Key']));
      expect(keys.size).toBe(1);
      expect((await sdk.orders.list()).items.map((o: any) => o.id)).toEqual([order.id]);

      // Once it is settled, the same lines again are a new order (buying twice on purpose).
      const second = await sdk.checkout.createOrder(body);
      expect(second.id).not.toBe(order.id);
      expect((await sdk.orders.list()).total).toBe(2);
    });

    it('starts a new attempt after a refusal', async () => {
      const { wx, sdk } = shopper(t, 'request');
      const address = await sdk.addresses.create(ADDRESS);
      const soldOut = shop.skus.find((s) => s.stock === 0)!;
      const body = { items: [{ skuId: soldOut.id, quantity: 1 }], addressId: address.id };
      await expect(sdk.checkout.createOrder(body)).rejects.toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });
      await expect(sdk.checkout.createOrder(body)).rejects.toMatchObject({ status: 409, code: 'OUT_OF_STOCK' });
      const keys = wx.sent.filter((r) => r.path === '/api/v1/orders').map((r) => r.headers['Idempotency-Key']);
      expect(new Set(keys).size).toBe(2);
    });

    it('takes an explicit key', async () => {
      const { wx, sdk } = shopper(t, 'request');
      const address = await sdk.addresses.create(ADDRESS);
      const body = { items: [{ skuId: shop.plainSkuId, quantity: 1 }], addressId: address.id };
      const a = await sdk.checkout.createOrder(body, { idempotencyKey: 'attempt-0001' });
      const b = await sdk.checkout.createOrder(body, { idempotencyKey: 'attempt-0001' });
      expect(b.id).toBe(a.id);
      expect(wx.sent.filter((r) => r.path === '/api/v1/orders').map((r) => r.headers['Idempotency-Key'])).toEqual([
        'attempt-0001',
        'attempt-0001',
      ]);
    });
  });

  describe('errors', () => {
    it('are one WxmallError with code, message, status, requestId and details', async () => {
      const { sdk } = shopper(t, 'container');
      const missing = await sdk.catalog.product(999_999).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(WxmallError);
      expect(missing).toMatchObject({ code: 'NOT_FOUND', status: 404, message: expect.any(String), requestId: expect.any(String) });

      const invalid = await sdk.addresses.create({ ...ADDRESS, phone: 'nope' }).catch((e: unknown) => e);
      expect(invalid).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, details: expect.anything() });
      expect(JSON.stringify((invalid as WxmallError).details)).toContain('phone');
    });

    it('a cancelled payment leaves the order unpaid', async () => {
      const { sdk } = shopper(t, 'container', { payment: 'cancel' });
      const address = await sdk.addresses.create(ADDRESS);
      const order = await sdk.checkout.createOrder({ items: [{ skuId: shop.plainSkuId, quantity: 1 }], addressId: address.id });
      await expect(sdk.payments.pay(order.id)).rejects.toMatchObject({ code: 'PAYMENT_CANCELLED', status: 0 });
      expect((await sdk.orders.get(order.id)).status).toBe('pending_payment');
    });
  });
});
