import { JobRunner } from '@app/jobs/testing';
import { MEDIA_TIMEOUT_SWEEP } from '@app/moderation/testing';
import { createAddress, createShopProduct, placeOrder, type ShopProduct, type TestApp } from '@app/testing';

export interface Buyer {
  token: string;
  userId: number;
  openid: string;
}

export interface CompletedOrder {
  orderId: number;
  orderNo: string;
  /** Order item ids, in the order of the SKUs bought. */
  itemIds: number[];
}

let seq = 0;

/** A logged-in buyer with a nickname and an avatar (the review copies them). */
export async function newBuyer(t: TestApp, nickname = `买家${++seq}`): Promise<Buyer> {
  const openid = `o_reviewer_${++seq}_${Date.now().toString(36)}`;
  const { token, userId } = await t.loginUser(openid);
  const res = await t.http.patch('/api/v1/me', { nickname, avatarUrl: 'https://img.example.com/a.png' }, { token });
  if (res.status !== 200) throw new Error(`profile: ${res.status} ${res.text}`);
  return { token, userId, openid };
}

export function product(t: TestApp, owner: string, skus = 1): Promise<ShopProduct> {
  return createShopProduct(
    t,
    owner,
    Array.from({ length: skus }, () => ({ price: 1000, stock: 1000 })),
  );
}

/** An order of one unit of each SKU, paid (mock provider), shipped and, unless told otherwise, received. */
export async function boughtOrder(
  t: TestApp,
  owner: string,
  buyer: Buyer,
  skuIds: number[],
  opts: { receive?: boolean } = {},
): Promise<CompletedOrder> {
  const addressId = await createAddress(t, buyer.token);
  const res = await placeOrder(t, buyer.token, { items: skuIds.map((skuId) => ({ skuId, quantity: 1 })), addressId });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  const order = {
    orderId: res.body.id as number,
    orderNo: res.body.orderNo as string,
    itemIds: (res.body.items as { id: number }[]).map((i) => i.id),
  };
  const pay = await t.http.post(`/api/v1/orders/${order.orderId}/pay`, undefined, { token: buyer.token });
  if (pay.status !== 200) throw new Error(`pay: ${pay.status} ${pay.text}`);
  const paid = await t.http.post(`/api/v1/dev/payments/${order.orderNo}/succeed`);
  if (paid.status !== 200) throw new Error(`paid: ${paid.status} ${paid.text}`);
  if (opts.receive === false) return order;
  const ship = await t.http.post(
    `/api/v1/admin/orders/${order.orderId}/ship`,
    { expressCompany: 'SF', trackingNo: `SF${order.orderId}000001` },
    { token: owner },
  );
  if (ship.status !== 200) throw new Error(`ship: ${ship.status} ${ship.text}`);
  const done = await t.http.post(`/api/v1/orders/${order.orderId}/confirm-receipt`, undefined, { token: buyer.token });
  if (done.status !== 200) throw new Error(`confirm: ${done.status} ${done.text}`);
  return order;
}

export function review(t: TestApp, buyer: Buyer, body: Record<string, unknown>) {
  return t.http.post('/api/v1/reviews', body, { token: buyer.token });
}

export const drain = (t: TestApp): Promise<unknown> => t.app.get(JobRunner).drain(500);
export const sweepMediaTimeouts = (t: TestApp): Promise<number> => t.app.get(JobRunner).runSweep(MEDIA_TIMEOUT_SWEEP);

/** The summary as the rows say it must be (visible reviews of the product). */
export async function summaryFromRows(t: TestApp, productId: number): Promise<Record<string, number>> {
  const [r] = await t.sql(
    `SELECT COUNT(*) AS count, COALESCE(SUM(rating), 0) AS ratingSum, COALESCE(SUM(has_images), 0) AS withImages,
            COALESCE(SUM(rating = 1), 0) AS s1, COALESCE(SUM(rating = 2), 0) AS s2, COALESCE(SUM(rating = 3), 0) AS s3,
            COALESCE(SUM(rating = 4), 0) AS s4, COALESCE(SUM(rating = 5), 0) AS s5
       FROM review WHERE product_id = ? AND visible = 1`,
    [productId],
  );
  return Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
}

export async function summaryRow(t: TestApp, productId: number): Promise<Record<string, number>> {
  const [r] = await t.sql(
    `SELECT review_count AS count, rating_sum AS ratingSum, with_images AS withImages,
            stars1 AS s1, stars2 AS s2, stars3 AS s3, stars4 AS s4, stars5 AS s5
       FROM product_review_summary WHERE product_id = ?`,
    [productId],
  );
  if (!r) return { count: 0, ratingSum: 0, withImages: 0, s1: 0, s2: 0, s3: 0, s4: 0, s5: 0 };
  return Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
}
