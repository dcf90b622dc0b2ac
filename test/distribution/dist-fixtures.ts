import { JobRunner } from '@app/jobs/testing';
import { SETTLE_COMMISSIONS_SWEEP } from '@app/distribution/testing';
import { createAddress, createShopProduct, type HttpResult, placeOrder, type TestApp } from '@app/testing';
import { drainJobs, NOTIFY, type PayWorld, pressPay, REFUND_NOTIFY, startPayWorld } from '../payments/pay-fixtures';

export { drainJobs, type PayWorld } from '../payments/pay-fixtures';

export const DAY = 86_400_000;

export interface Shopper {
  token: string;
  userId: number;
}

export interface ActivePromoter extends Shopper {
  promoterId: number;
  code: string;
}

export interface PaidLine {
  id: number;
  productId: number;
  skuId: number;
  quantity: number;
  lineTotal: number;
  discountAmount: number;
  paidAmount: number;
}

export interface DistOrder {
  orderId: number;
  orderNo: string;
  buyer: Shopper;
  items: PaidLine[];
}

/** The pay world (fake WeChat Pay) with distribution switched on: no approval, 10% / 5%, first share binds. */
export async function startDistWorld(env: Record<string, string> = {}, settings: Record<string, unknown> = {}): Promise<PayWorld> {
  const w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000000', AFTER_SALE_DAYS: '7', ...env });
  await setSettings(w, { enabled: true, promoterApproval: false, level1RateBp: 1000, level2RateBp: 500, ...settings });
  return w;
}

export async function setSettings(w: PayWorld, patch: Record<string, unknown>): Promise<HttpResult> {
  const res = await w.t.http.patch('/api/v1/admin/distribution/settings', { reason: 'test setup', ...patch }, { token: w.owner });
  if (res.status !== 200) throw new Error(`settings: ${res.status} ${res.text}`);
  return res;
}

export async function shopper(w: PayWorld): Promise<Shopper> {
  return w.t.loginUser();
}

export async function bind(w: PayWorld, s: Shopper, code: string): Promise<HttpResult> {
  return w.t.http.post('/api/v1/distribution/bind', { code }, { token: s.token });
}

/** A shopper who became a promoter (optionally bound under `under` first). */
export async function promoter(w: PayWorld, under?: ActivePromoter): Promise<ActivePromoter> {
  const s = await shopper(w);
  if (under) expect((await bind(w, s, under.code)).body.outcome).toBe('bound');
  const res = await w.t.http.post('/api/v1/distribution/promoter', {}, { token: s.token });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${res.text}`);
  return { ...s, promoterId: res.body.id, code: res.body.code };
}

export async function product(w: PayWorld, prices: number[]): Promise<{ productId: number; skuIds: number[] }> {
  return createShopProduct(
    w.t,
    w.owner,
    prices.map((price) => ({ price, stock: 1000 })),
  );
}

/** `buyer` orders these SKUs (with one of their coupons, if given) and pays through the fake WeChat Pay (notification verified by the app). */
export async function buyAndPay(
  w: PayWorld,
  buyer: Shopper,
  lines: { skuId: number; quantity: number }[],
  couponId?: number,
): Promise<DistOrder> {
  const addressId = await createAddress(w.t, buyer.token);
  const res = await placeOrder(w.t, buyer.token, { items: lines, addressId, ...(couponId === undefined ? {} : { couponId }) });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  const b = {
    token: buyer.token,
    userId: buyer.userId,
    orderId: res.body.id,
    orderNo: res.body.orderNo,
    payAmount: res.body.payAmount,
    skuId: 0,
  };
  await pressPay(w, b);
  w.pay.pay(b.orderNo);
  const n = await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo));
  if (n.status !== 204) throw new Error(`notify: ${n.status}`);
  return { orderId: b.orderId, orderNo: b.orderNo, buyer, items: res.body.items as PaidLine[] };
}

export async function shipAndComplete(w: PayWorld, o: DistOrder): Promise<void> {
  const s = await w.t.http.post(
    `/api/v1/admin/orders/${o.orderId}/ship`,
    { expressCompany: 'SF', trackingNo: `SF${o.orderId}00001` },
    { token: w.owner },
  );
  if (s.status !== 200) throw new Error(`ship: ${s.status} ${s.text}`);
  const c = await w.t.http.post(`/api/v1/orders/${o.orderId}/confirm-receipt`, undefined, { token: o.buyer.token });
  if (c.status !== 200) throw new Error(`confirm: ${c.status} ${c.text}`);
}

/** Applies for a refund of these units; returns the request id. */
export async function applyRefund(w: PayWorld, o: DistOrder, lines: { orderItemId: number; quantity: number }[]): Promise<number> {
  const res = await w.t.http.post(
    '/api/v1/after-sales',
    { orderId: o.orderId, type: 'refund_only', reason: 'other', items: lines },
    { token: o.buyer.token },
  );
  if (res.status !== 201) throw new Error(`after-sale: ${res.status} ${res.text}`);
  return res.body.id;
}

/** An operator approves the request, WeChat Pay refunds and notifies. */
export async function approveAndRefund(w: PayWorld, afterSaleId: number): Promise<void> {
  const a = await w.t.http.post(`/api/v1/admin/after-sales/${afterSaleId}/approve`, {}, { token: w.owner });
  if (a.status !== 200) throw new Error(`approve: ${a.status} ${a.text}`);
  await drainJobs(w);
  const [row] = await w.t.sql('SELECT r.out_refund_no FROM refund r JOIN after_sale a ON a.refund_id = r.id WHERE a.id = ?', [afterSaleId]);
  w.pay.settleRefund(row.out_refund_no, 'SUCCESS');
  const n = await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(row.out_refund_no));
  if (n.status !== 204) throw new Error(`refund notify: ${n.status}`);
}

export async function refund(w: PayWorld, o: DistOrder, lines: { orderItemId: number; quantity: number }[]): Promise<void> {
  await approveAndRefund(w, await applyRefund(w, o, lines));
}

export const settleSweep = (w: PayWorld): Promise<number> => w.t.app.get(JobRunner).runSweep(SETTLE_COMMISSIONS_SWEEP);

export interface CommissionRow {
  id: number;
  promoter_id: number;
  order_item_id: number;
  level: number;
  initial_amount: number;
  amount: number;
  status: string;
}

export async function commissionsOf(t: TestApp, orderId: number): Promise<CommissionRow[]> {
  return t.sql(
    'SELECT id, promoter_id, order_item_id, level, initial_amount, amount, status FROM commission WHERE order_id = ? ORDER BY order_item_id, level',
    [orderId],
  );
}

export async function balancesOf(t: TestApp, promoterId: number): Promise<Record<string, number>> {
  const [p] = await t.sql('SELECT frozen, withdrawable, withdrawing, withdrawn, total_earned FROM promoter WHERE id = ?', [promoterId]);
  return p;
}

/** Promoters whose balances differ from their ledger sums (must be none), and commissions that disagree with theirs. */
export async function balanceMismatches(t: TestApp): Promise<unknown[]> {
  const rows = await t.sql(`
    SELECT p.id, p.frozen, p.withdrawable, p.withdrawing, p.withdrawn, p.total_earned,
           COALESCE(SUM(l.frozen_delta), 0) AS f, COALESCE(SUM(l.withdrawable_delta), 0) AS w,
           COALESCE(SUM(l.withdrawing_delta), 0) AS wi, COALESCE(SUM(l.withdrawn_delta), 0) AS wn, COALESCE(SUM(l.total_delta), 0) AS t
      FROM promoter p LEFT JOIN promoter_ledger l ON l.promoter_id = p.id
     GROUP BY p.id, p.frozen, p.withdrawable, p.withdrawing, p.withdrawn, p.total_earned`);
  const bad: unknown[] = rows.filter(
    (r: any) =>
      Number(r.frozen) !== Number(r.f) ||
      Number(r.withdrawable) !== Number(r.w) ||
      Number(r.withdrawing) !== Number(r.wi) ||
      Number(r.withdrawn) !== Number(r.wn) ||
      Number(r.total_earned) !== Number(r.t) ||
      Number(r.frozen) < 0 ||
      Number(r.withdrawing) < 0,
  );
  // Each commission's ledger rows add up to its current amount (total) and its frozen part.
  const perCommission = await t.sql(`
    SELECT c.id, c.amount, c.status, COALESCE(SUM(l.total_delta), 0) AS t, COALESCE(SUM(l.frozen_delta), 0) AS f
      FROM commission c LEFT JOIN promoter_ledger l ON l.ref_type = 'commission' AND l.ref_id = c.id
     GROUP BY c.id, c.amount, c.status`);
  for (const c of perCommission)
    if (Number(c.t) !== Number(c.amount) || Number(c.f) !== (c.status === 'frozen' ? Number(c.amount) : 0)) bad.push({ commission: c });
  return bad;
}

export const TRANSFER_NOTIFY = '/api/v1/distribution/wechat/transfer-notify';

/** Gives a promoter `amount` fen of withdrawable commission (a bound buyer's completed order, settled at once). */
export async function earn(w: PayWorld, p: ActivePromoter, amount: number): Promise<void> {
  const [cur] = await w.t.sql('SELECT withdrawable FROM promoter WHERE id = ?', [p.promoterId]);
  const buyer = await shopper(w);
  expect((await bind(w, buyer, p.code)).body.outcome).toBe('bound');
  const prod = await product(w, [amount * 10]); // level 1 at 10%
  const o = await buyAndPay(w, buyer, [{ skuId: prod.skuIds[0]!, quantity: 1 }]);
  await shipAndComplete(w, o);
  w.t.clock.advance(8 * DAY);
  await settleSweep(w);
  const [after] = await w.t.sql('SELECT withdrawable FROM promoter WHERE id = ?', [p.promoterId]);
  expect(Number(after.withdrawable) - Number(cur.withdrawable)).toBe(amount);
}

export async function withdraw(w: PayWorld, p: Shopper, amount: number, channel: 'wechat' | 'manual' = 'wechat'): Promise<HttpResult> {
  return w.t.http.post('/api/v1/distribution/withdrawals', { amount, channel }, { token: p.token });
}
