import { createVerify } from 'node:crypto';
import { ManualClock } from '@app/common/testing';
import { JobRunner } from '@app/jobs/testing';
import { createAddress, createShopProduct, FakeWechatPay, placeOrder, startTestApp, TEST_APPID, type TestApp } from '@app/testing';

export const NOTIFY = '/api/v1/payments/wechat/notify';
export const REFUND_NOTIFY = '/api/v1/payments/wechat/refund-notify';

export interface PayWorld {
  t: TestApp;
  pay: FakeWechatPay;
  owner: string;
  close(): Promise<void>;
}

/** The app with PAYMENT_PROVIDER=wechat against a fake WeChat Pay server sharing the app's clock. */
export async function startPayWorld(env: Record<string, string> = {}): Promise<PayWorld> {
  const clock = new ManualClock();
  const pay = await new FakeWechatPay({ clock }).start();
  const t = await startTestApp({ clock, env: { ...pay.env(), ...env } });
  const owner = await t.loginAdmin();
  return {
    t,
    pay,
    owner,
    async close() {
      await t.close();
      await pay.close();
    },
  };
}

export interface Bought {
  token: string;
  userId: number;
  orderId: number;
  orderNo: string;
  payAmount: number;
  skuId: number;
}

/** A buyer (logged in through wx-login, so WeChat knows their openid) with one unpaid order. */
export async function buy(
  w: PayWorld,
  opts: { price?: number; stock?: number; quantity?: number; openid?: string; skuId?: number } = {},
): Promise<Bought> {
  const { token, userId } = await w.t.loginUser(opts.openid);
  const addressId = await createAddress(w.t, token);
  const skuId =
    opts.skuId ?? (await createShopProduct(w.t, w.owner, [{ price: opts.price ?? 12_000, stock: opts.stock ?? 100 }])).skuIds[0]!;
  const res = await placeOrder(w.t, token, { items: [{ skuId, quantity: opts.quantity ?? 1 }], addressId });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  return { token, userId, orderId: res.body.id, orderNo: res.body.orderNo, payAmount: res.body.payAmount, skuId };
}

/** Presses "pay": the app creates the WeChat Pay order (prepay) and returns wx.requestPayment params. */
export async function pressPay(w: PayWorld, b: Bought): Promise<Record<string, string>> {
  const res = await w.t.http.post(`/api/v1/orders/${b.orderId}/pay`, undefined, { token: b.token });
  if (res.status !== 200) throw new Error(`pay: ${res.status} ${res.text}`);
  return res.body;
}

/** The buyer pays at WeChat and WeChat Pay notifies the app. */
export async function payAndNotify(w: PayWorld, b: Bought): Promise<{ status: number; body: unknown }> {
  w.pay.pay(b.orderNo);
  return w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo));
}

export function paySignValid(w: PayWorld, p: Record<string, string>): boolean {
  return createVerify('RSA-SHA256')
    .update(`${TEST_APPID}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`)
    .verify(w.pay.keys.merchant.publicKey, p.paySign!, 'base64');
}

export const drainJobs = (w: PayWorld): Promise<unknown> => w.t.app.get(JobRunner).drain(500);

/** Rows that must never change on a refused notification. */
export async function moneySnapshot(t: TestApp): Promise<unknown> {
  return {
    orders: await t.sql('SELECT id, status, paid_amount, refunded_amount FROM orders ORDER BY id'),
    payments: await t.sql('SELECT id, status, transaction_id FROM payment ORDER BY id'),
    refunds: await t.sql('SELECT id, status, amount FROM refund ORDER BY id'),
    notifications: await t.sql('SELECT id FROM payment_notification ORDER BY id'),
    events: await t.sql('SELECT id FROM order_event ORDER BY id'),
  };
}
