import { JobRunner } from '@app/jobs/testing';
import { createAddress, createShopProduct, placeOrder } from '@app/testing';
import { type Bought, drainJobs, NOTIFY, type PayWorld, pressPay, REFUND_NOTIFY } from '../payments/pay-fixtures';

export interface PaidOrder extends Bought {
  items: { id: number; skuId: number; quantity: number; lineTotal: number }[];
}

/** A paid order of the given lines (price in fen, quantity), bought by a fresh buyer. */
export async function paidOrder(w: PayWorld, lines: { price: number; quantity: number; stock?: number }[]): Promise<PaidOrder> {
  const { token, userId } = await w.t.loginUser();
  const addressId = await createAddress(w.t, token);
  const p = await createShopProduct(
    w.t,
    w.owner,
    lines.map((l) => ({ price: l.price, stock: l.stock ?? 100 })),
  );
  const res = await placeOrder(w.t, token, { items: lines.map((l, i) => ({ skuId: p.skuIds[i]!, quantity: l.quantity })), addressId });
  if (res.status !== 201) throw new Error(`order: ${res.status} ${res.text}`);
  const b: Bought = { token, userId, orderId: res.body.id, orderNo: res.body.orderNo, payAmount: res.body.payAmount, skuId: p.skuIds[0]! };
  await pressPay(w, b);
  w.pay.pay(b.orderNo);
  const n = await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo));
  if (n.status !== 204) throw new Error(`notify: ${n.status}`);
  return {
    ...b,
    items: res.body.items.map((i: { id: number; skuId: number; quantity: number; lineTotal: number }) => ({
      id: i.id,
      skuId: i.skuId,
      quantity: i.quantity,
      lineTotal: i.lineTotal,
    })),
  };
}

export async function ship(w: PayWorld, orderId: number): Promise<void> {
  const res = await w.t.http.post(
    `/api/v1/admin/orders/${orderId}/ship`,
    { expressCompany: 'SF', trackingNo: `SF${orderId}000001` },
    { token: w.owner },
  );
  if (res.status !== 200) throw new Error(`ship: ${res.status} ${res.text}`);
}

/** Lets the refund job call WeChat Pay, then WeChat Pay settles the refund and notifies. */
export async function settleRefund(w: PayWorld, afterSaleId: number, status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' = 'SUCCESS'): Promise<void> {
  await drainJobs(w);
  const [row] = await w.t.sql('SELECT r.out_refund_no FROM refund r JOIN after_sale a ON a.refund_id = r.id WHERE a.id = ?', [afterSaleId]);
  if (!row) throw new Error(`after-sale ${afterSaleId} has no refund`);
  w.pay.settleRefund(row.out_refund_no, status);
  const res = await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(row.out_refund_no));
  if (res.status !== 204) throw new Error(`refund notify: ${res.status}`);
}

export const runner = (w: PayWorld): JobRunner => w.t.app.get(JobRunner);
