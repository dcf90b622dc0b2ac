import { buy, drainJobs, payAndNotify, paySignValid, pressPay, type PayWorld, startPayWorld } from './pay-fixtures';

describe('WeChat Pay end to end', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startPayWorld({ WX_TEMPLATE_PAID: 'tmpl-paid', WX_TEMPLATE_SHIPPED: 'tmpl-shipped' });
  });
  afterAll(() => w?.close());

  it('order -> pay params -> notification -> paid -> ship -> shipping info uploaded -> confirm receipt', async () => {
    const b = await buy(w, { price: 12_000, openid: 'o_e2e_buyer' });

    const params = await pressPay(w, b);
    expect(Object.keys(params).sort()).toEqual(['nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    expect(params.signType).toBe('RSA');
    expect(paySignValid(w, params)).toBe(true);
    const atWechat = w.pay.order(b.orderNo);
    expect(atWechat).toMatchObject({ state: 'NOTPAY', total: b.payAmount, openid: 'o_e2e_buyer' });
    const [{ pay_expires_at: deadline }] = await w.t.sql('SELECT pay_expires_at FROM orders WHERE id = ?', [b.orderId]);
    expect(new Date(atWechat.timeExpire!).getTime()).toBe(Math.floor(new Date(deadline).getTime() / 1000) * 1000);
    // Pressing pay again reuses the prepay while it is valid.
    const again = await pressPay(w, b);
    expect(again.package).toBe(params.package);
    expect(w.pay.callsTo('/v3/pay/transactions/jsapi')).toHaveLength(1);

    const notified = await payAndNotify(w, b);
    expect(notified.status).toBe(204);
    const order = await w.t.http.get(`/api/v1/orders/${b.orderId}`, { token: b.token });
    expect(order.body).toMatchObject({ status: 'paid', paidAmount: b.payAmount, actions: ['apply_after_sale'] });
    expect(await w.t.sql('SELECT status, transaction_id FROM payment WHERE order_id = ?', [b.orderId])).toEqual([
      { status: 'succeeded', transaction_id: w.pay.order(b.orderNo).transactionId },
    ]);

    const shipped = await w.t.http.post(
      `/api/v1/admin/orders/${b.orderId}/ship`,
      { expressCompany: 'SF', trackingNo: 'SF1400000000001' },
      { token: w.owner },
    );
    expect(shipped.status).toBe(200);
    await drainJobs(w);
    const [upload] = w.t.wechat.callsTo('/wxa/sec/order/upload_shipping_info');
    expect(upload?.body).toMatchObject({
      order_key: { order_number_type: 2, transaction_id: w.pay.order(b.orderNo).transactionId },
      logistics_type: 1,
      delivery_mode: 1,
      shipping_list: [{ tracking_no: 'SF1400000000001', express_company: 'SF', contact: { receiver_contact: '138****8000' } }],
      payer: { openid: 'o_e2e_buyer' },
    });
    expect((await w.t.sql('SELECT wechat_uploaded_at FROM shipment WHERE order_id = ?', [b.orderId]))[0].wechat_uploaded_at).not.toBeNull();
    const messages = w.t.wechat.callsTo('/cgi-bin/message/subscribe/send').map((c) => c.body.template_id);
    expect(messages.sort()).toEqual(['tmpl-paid', 'tmpl-shipped']);

    const done = await w.t.http.post(`/api/v1/orders/${b.orderId}/confirm-receipt`, undefined, { token: b.token });
    expect(done.body.status).toBe('completed');
    await drainJobs(w);
    expect(w.t.wechat.callsTo('/wxa/sec/order/notify_confirm_receive')[0]?.body).toMatchObject({
      transaction_id: w.pay.order(b.orderNo).transactionId,
    });
  });

  it('retries the shipping upload while WeChat does not know the payment yet (10060001)', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    await payAndNotify(w, b);
    w.t.wechat.failNext('POST', '/wxa/sec/order/upload_shipping_info', { body: { errcode: 10060001, errmsg: '支付单不存在' } });
    await w.t.http.post(
      `/api/v1/admin/orders/${b.orderId}/ship`,
      { expressCompany: 'YTO', trackingNo: 'YT9000000000001' },
      { token: w.owner },
    );
    await drainJobs(w);
    expect(
      (await w.t.sql("SELECT status, attempts FROM job WHERE type = 'payments.upload-shipping' AND payload LIKE ?", [`%${b.orderId}%`]))[0],
    ).toMatchObject({ status: 'pending', attempts: 1 });
    w.t.clock.advance(60_000);
    await drainJobs(w);
    expect((await w.t.sql('SELECT wechat_uploaded_at FROM shipment WHERE order_id = ?', [b.orderId]))[0].wechat_uploaded_at).not.toBeNull();
  });

  it('does not retry a subscribe message the buyer did not accept (43101)', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.t.wechat.failNext('POST', '/cgi-bin/message/subscribe/send', { body: { errcode: 43101, errmsg: 'user refuse to accept the msg' } });
    await payAndNotify(w, b);
    await drainJobs(w);
    const [job] = await w.t.sql("SELECT status, attempts FROM job WHERE type = 'payments.subscribe-message' AND dedupe_key = ?", [
      `subscribe:paid:${b.orderId}`,
    ]);
    expect(job).toEqual({ status: 'done', attempts: 1 });
  });
});
