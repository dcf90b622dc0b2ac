import type { TestApp } from '@app/testing';
import { ADDRESS, approve, openShop, ship, shopper, startSdkApp, type Shop, type TransportName } from './sdk-fixtures';

/** The whole shopper journey through the SDK, over each transport, against a live wxmall. */
describe.each<TransportName>(['request', 'container'])('SDK journey over %s', (transport) => {
  let t: TestApp;
  let shop: Shop;
  beforeAll(async () => {
    t = await startSdkApp();
    shop = await openShop(t);
  });
  afterAll(() => t?.close());

  it('browses, buys from the cart, pays, asks for a refund and receives the rest', async () => {
    const { wx, sdk } = shopper(t, transport);

    // Browse (public).
    const home = await sdk.catalog.home();
    expect(home.banners[0]!.title).toBe('夏日上新');
    expect(home.sections[0]!.products.map((p: any) => p.id)).toEqual([shop.productId, shop.plainProductId]);
    const tree = await sdk.catalog.categories();
    expect(tree[0]).toMatchObject({ id: shop.categoryId, children: [{ id: shop.subcategoryId }] });
    const found = await sdk.catalog.products({ keyword: '纯棉', sort: 'price_asc' });
    expect(found.items.map((p: any) => p.id)).toEqual([shop.productId]);
    const product = await sdk.catalog.product(shop.productId);
    expect(product.skus).toHaveLength(4);
    expect((await sdk.catalog.stores({ lat: 22.5, lng: 113.9 })).items[0]!.name).toBe('旗舰店');

    // Profile and address book.
    await sdk.profile.update({ nickname: '韩梅梅' });
    const me = await sdk.profile.bindPhone(t.wechat.phoneCode('13700137000'));
    expect(me).toMatchObject({ nickname: '韩梅梅', phone: '13700137000' });
    const address = await sdk.addresses.create(ADDRESS);
    expect((await sdk.addresses.list()).map((a: any) => a.id)).toEqual([address.id]);

    // Cart.
    const [white, black] = shop.skus;
    await sdk.cart.add({ skuId: white!.id, quantity: 1 });
    let cart = await sdk.cart.add({ skuId: black!.id, quantity: 1 });
    const whiteLine = cart.items.find((l: any) => l.skuId === white!.id);
    cart = await sdk.cart.update(whiteLine!.id, { quantity: 2 });
    cart = await sdk.cart.select({ selected: false, itemIds: [cart.items.find((l: any) => l.skuId === black!.id)!.id] });
    expect(cart.totals).toMatchObject({ selectedCount: 1, selectedQuantity: 2, itemsTotal: 19800 });

    // Checkout and order.
    const preview = await sdk.checkout.preview({ fromCart: true, addressId: address.id });
    expect(preview).toMatchObject({ orderable: true, itemsTotal: 19800 });
    const order = await sdk.checkout.createOrder({ fromCart: true, addressId: address.id, remark: '周末送' });
    expect(order).toMatchObject({ status: 'pending_payment', payAmount: preview.payAmount, actions: ['pay', 'cancel'] });
    expect((await sdk.cart.get()).items.map((l: any) => l.skuId)).toEqual([black!.id]);

    // Pay: wx.requestPayment, then the notification is what makes it paid.
    const paid = await sdk.payments.pay(order.id);
    expect(paid.paid).toBe(true);
    expect(paid.order.status).toBe('paid');
    expect(wx.payments).toHaveLength(1);
    expect((await sdk.orders.counts()).paid).toBe(1);
    expect((await sdk.orders.list({ status: 'paid' })).items.map((o: any) => o.id)).toEqual([order.id]);

    // Refund one unit before shipping.
    const refundable = await sdk.afterSales.preview(order.id);
    expect(refundable.allowedTypes).toContain('refund_only');
    const item = refundable.items[0]!;
    expect(item.refundableQuantity).toBe(2);
    const line = { orderItemId: item.orderItemId, quantity: 1 };
    const quote = await sdk.afterSales.quote({ orderId: order.id, type: 'refund_only', items: [line] });
    expect(quote.itemsAmount).toBe(9900);
    const reasons = await sdk.afterSales.reasons();
    const request = await sdk.afterSales.apply({ orderId: order.id, type: 'refund_only', items: [line], reason: reasons[0]!.code });
    expect(request.status).toBe('requested');
    expect((await sdk.afterSales.list()).items.map((a: any) => a.id)).toEqual([request.id]);
    await approve(t, shop, request.id);
    expect(await sdk.afterSales.get(request.id)).toMatchObject({ status: 'refunded', refundAmount: 9900 });

    // The rest ships; the buyer confirms receipt.
    await ship(t, shop, order.id);
    const completed = await sdk.orders.confirmReceipt(order.id);
    expect(completed).toMatchObject({ status: 'completed', refundedAmount: 9900 });

    // One identity throughout: a single login (request transport) or none at all (the gateway's headers).
    const paths = wx.sent.map((r) => `${r.method} ${r.path.split('?')[0]}`);
    if (transport === 'request') {
      expect(wx.logins).toBe(1);
      expect(paths.filter((p) => p === 'POST /api/v1/auth/wx-login')).toHaveLength(1);
      expect(wx.sent.every((r) => r.via === 'request')).toBe(true);
    } else {
      expect(wx.logins).toBe(0);
      expect(wx.sent.every((r) => r.via === 'container' && !r.headers.authorization)).toBe(true);
    }
    expect(wx.sent.every((r) => r.status !== 'lost' && r.status < 400)).toBe(true);
  });

  it('cancels an unpaid order and surfaces refusals as WxmallError', async () => {
    const { sdk } = shopper(t, transport);
    const address = await sdk.addresses.create(ADDRESS);
    const order = await sdk.checkout.createOrder({ items: [{ skuId: shop.plainSkuId, quantity: 1 }], addressId: address.id });
    expect((await sdk.orders.cancel(order.id)).status).toBe('cancelled');
    await expect(sdk.orders.cancel(order.id)).rejects.toMatchObject({ name: 'WxmallError', status: 409, code: 'ORDER_STATE_CONFLICT' });
    await expect(sdk.payments.pay(order.id)).rejects.toMatchObject({ status: 409 });
  });
});
