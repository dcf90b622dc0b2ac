import { createAddress, createShopProduct, type HttpResult, ledgerMismatches, placeOrder, stockMismatches } from '@app/testing';
import { drainJobs, NOTIFY, type PayWorld, pressPay, REFUND_NOTIFY, startPayWorld } from '../payments/pay-fixtures';

interface Shopper {
  token: string;
  orderId: number;
  items: { id: number; quantity: number }[];
}

interface Row {
  id: number;
  order_id: number;
  status: string;
  type: string;
  refund_amount: number;
  out_refund_no: string | null;
}

// mulberry32: every bit random (an LCG's low bits cycle, and `% n` reads them).
let seed = Number(process.env.MONEY_RACES_SEED ?? 1913);
const rnd = (n: number): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
};
const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[rnd(xs.length)] : undefined);

/**
 * Concurrent random after-sale traffic on paid orders sharing SKUs: applications, approvals (some lowered),
 * rejections, withdrawals, shipping, returns, refunds settling (some failing, some notified twice at once),
 * retries, and the merchant's own refunds and closings (issue 18). Whatever interleaving happens, stock, ledger,
 * money and the shipping fee must add up.
 */
describe('after-sale money under concurrent random traffic', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ SHIPPING_FEE: '800', FREE_SHIPPING_THRESHOLD: '10000000', AFTER_SALE_DAYS: '7', RETURN_SHIP_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  /** Every HTTP status answered during the run: none may be a 5xx. */
  const statuses: number[] = [];
  const http = async (p: Promise<HttpResult>): Promise<void> => void statuses.push((await p).status);
  const admin = (id: number, action: string, body?: unknown): Promise<void> =>
    http(w.t.http.post(`/api/v1/admin/after-sales/${id}/${action}`, body, { token: operator }));
  const requests = (): Promise<Row[]> =>
    w.t.sql(`SELECT a.id, a.order_id, a.status, a.type, a.refund_amount, r.out_refund_no FROM after_sale a
              LEFT JOIN refund r ON r.id = a.refund_id ORDER BY a.id`);
  const settle = async (r: Row, outcome: 'SUCCESS' | 'CLOSED', copies: number): Promise<void> => {
    if (!r.out_refund_no || w.pay.refunds.get(r.out_refund_no)?.status !== 'PROCESSING') return;
    w.pay.settleRefund(r.out_refund_no, outcome);
    const n = w.pay.refundNotification(r.out_refund_no);
    const results = await Promise.all(Array.from({ length: copies }, () => w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, n)));
    statuses.push(...results.map((x) => x.status));
  };
  const retry = async (r: Row): Promise<void> => {
    if (r.out_refund_no) w.pay.refunds.delete(r.out_refund_no); // WeChat Pay closed it: the retry is a new attempt there
    w.t.clock.advance(1000); // an operator's retry comes later (the retry job's dedupe key carries the time)
    await admin(r.id, 'retry-refund');
  };

  /** A paid order of random quantities of two or more of these SKUs, by a new shopper. */
  async function paidOrder(skuIds: number[]): Promise<Shopper> {
    const { token } = await w.t.loginUser();
    const addressId = await createAddress(w.t, token);
    const some = skuIds.filter(() => rnd(4) > 0);
    const lines = (some.length > 1 ? some : skuIds).map((skuId) => ({ skuId, quantity: 1 + rnd(3) }));
    const res = await placeOrder(w.t, token, { items: lines, addressId });
    expect(res.status).toBe(201);
    const b = { token, userId: 0, orderId: res.body.id, orderNo: res.body.orderNo, payAmount: res.body.payAmount, skuId: 0 };
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    return { token, orderId: b.orderId, items: res.body.items.map((x: { id: number; quantity: number }) => x) };
  }

  /** Lets everything in flight land: approves what waits, settles every refund, retries failures. */
  async function settleEverything(): Promise<void> {
    for (let pass = 0; pass < 6; pass++) {
      for (const r of await requests()) if (r.status === 'requested') await admin(r.id, 'approve');
      await drainJobs(w);
      for (const r of await requests()) {
        if (r.status === 'refunding') await settle(r, 'SUCCESS', 2);
        if (r.status === 'refund_failed') await retry(r);
      }
      await drainJobs(w);
    }
    expect(await w.t.sql("SELECT id, status FROM after_sale WHERE status IN ('requested', 'refunding', 'refund_failed')")).toEqual([]);
  }

  /** Stock, ledger, money and fee, checked on the whole database once everything in flight has settled. */
  async function expectMoneyInvariants(): Promise<void> {
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
    // Money: the order's refunded amount is its succeeded refunds, never above what was paid; items likewise.
    expect(
      await w.t.sql(
        `SELECT o.id FROM orders o LEFT JOIN refund r ON r.order_id = o.id AND r.status = 'succeeded'
          GROUP BY o.id, o.refunded_amount, o.paid_amount
         HAVING COALESCE(SUM(r.amount), 0) <> o.refunded_amount OR o.refunded_amount > o.paid_amount`,
      ),
    ).toEqual([]);
    expect(
      await w.t.sql(
        `SELECT i.id FROM order_item i LEFT JOIN after_sale_item x ON x.order_item_id = i.id
           LEFT JOIN after_sale a ON a.id = x.after_sale_id AND a.status = 'refunded'
          GROUP BY i.id, i.quantity, i.line_total, i.refunded_quantity, i.refunded_amount
         HAVING i.refunded_quantity > i.quantity OR i.refunded_amount > i.line_total
             OR i.refunded_quantity <> COALESCE(SUM(CASE WHEN a.id IS NULL THEN 0 ELSE x.quantity END), 0)
             OR i.refunded_amount <> COALESCE(SUM(CASE WHEN a.id IS NULL THEN 0 ELSE x.amount END), 0)`,
      ),
    ).toEqual([]);
    // Each request's refund is what it says; its amount is its items plus its share of the fee.
    expect(
      await w.t.sql(
        `SELECT a.id FROM after_sale a LEFT JOIN refund r ON r.id = a.refund_id
          WHERE a.status IN ('refunding', 'refund_failed', 'refunded')
            AND (r.id IS NULL OR r.amount <> a.refund_amount
              OR a.refund_amount <> a.shipping_amount + (SELECT SUM(x.amount) FROM after_sale_item x WHERE x.after_sale_id = a.id))`,
      ),
    ).toEqual([]);
    // The fee: only with the refund that leaves nothing to ship, so (everything settled now) only on orders that
    // closed without shipping, and exactly once on each of them (approvals here lower by half at most, so the
    // fee's share stays > 0).
    expect(
      await w.t.sql(
        `SELECT o.id, o.status, o.shipped_at IS NOT NULL AS shipped, SUM(a.shipping_amount > 0) AS withFee FROM orders o
           LEFT JOIN after_sale a ON a.order_id = o.id AND a.status IN ('refunding', 'refund_failed', 'refunded')
          WHERE o.paid_at IS NOT NULL GROUP BY o.id, o.status, o.shipped_at
         HAVING (withFee > 0 AND (shipped OR o.status <> 'closed')) OR withFee > 1
             OR (o.status = 'closed' AND NOT shipped AND COALESCE(withFee, 0) <> 1)`,
      ),
    ).toEqual([]);
    // An order closes exactly when everything in it is refunded.
    expect(
      await w.t.sql(
        `SELECT o.id FROM orders o JOIN order_item i ON i.order_id = o.id WHERE o.paid_at IS NOT NULL
          GROUP BY o.id, o.status HAVING (o.status = 'closed') <> (SUM(i.refunded_quantity < i.quantity) = 0)`,
      ),
    ).toEqual([]);
  }

  it('keeps stock, ledger, refunded amounts and the fee exact', async () => {
    const product = await createShopProduct(w.t, w.owner, [
      { price: 1999, stock: 500 },
      { price: 3333, stock: 500 },
      { price: 500, stock: 500 },
    ]);
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 14; i++) shoppers.push(await paidOrder(product.skuIds));
    const byOrder = new Map(shoppers.map((s) => [s.orderId, s]));

    for (let round = 0; round < 24; round++) {
      await drainJobs(w);
      const rows = await requests();
      const orders = await w.t.sql<{ id: number; status: string }>('SELECT id, status FROM orders');
      const live = orders.filter((o) => ['paid', 'shipped', 'completed'].includes(o.status));
      const inState = (s: string): Row[] => rows.filter((r) => r.status === s);
      const actions: (() => Promise<void>)[] = [];
      for (let k = 0; k < 8; k++) {
        const choice = rnd(14);
        // Mostly unshipped orders: early refunds and the fee are what is at stake there.
        const unshipped = live.filter((o) => o.status === 'paid');
        const order = rnd(10) < 7 && unshipped.length ? pick(unshipped) : pick(live);
        if (choice <= 3 && order) {
          const s = byOrder.get(order.id)!;
          const item = pick(s.items)!;
          const type = order.status !== 'paid' && rnd(3) === 0 ? 'return_refund' : 'refund_only';
          const body = {
            orderId: s.orderId,
            type,
            reason: 'other',
            items: [{ orderItemId: item.id, quantity: rnd(2) ? item.quantity : 1 + rnd(item.quantity) }],
          };
          actions.push(() => http(w.t.http.post('/api/v1/after-sales', body, { token: s.token })));
        } else if (choice <= 5) {
          const r = pick(inState('requested'));
          if (r)
            actions.push(() =>
              admin(r.id, 'approve', rnd(4) === 0 ? { refundAmount: Math.max(1, Math.floor(r.refund_amount / 2)) } : undefined),
            );
        } else if (choice === 6) {
          const r = pick([...inState('requested'), ...inState('awaiting_return')]);
          if (r && rnd(2))
            actions.push(() =>
              http(w.t.http.post(`/api/v1/after-sales/${r.id}/cancel`, undefined, { token: byOrder.get(r.order_id)!.token })),
            );
          else if (r?.status === 'requested') actions.push(() => admin(r.id, 'reject', { reason: 'no' }));
        } else if (choice === 7 && order) {
          const body = { expressCompany: 'SF', trackingNo: `SF${order.id}${round}0001` };
          actions.push(() => http(w.t.http.post(`/api/v1/admin/orders/${order.id}/ship`, body, { token: operator })));
        } else if (choice === 8) {
          const r = pick(inState('awaiting_return'));
          const body = { expressCompany: 'YTO', trackingNo: `YT${r?.id}00001` };
          if (r)
            actions.push(() =>
              http(w.t.http.post(`/api/v1/after-sales/${r.id}/return-shipment`, body, { token: byOrder.get(r.order_id)!.token })),
            );
          const back = pick(inState('returning'));
          if (back) actions.push(() => admin(back.id, 'receive'));
        } else if (choice <= 10) {
          const r = pick(inState('refunding'));
          if (r) actions.push(() => settle(r, rnd(5) === 0 ? 'CLOSED' : 'SUCCESS', 1 + rnd(2)));
        } else if (choice === 11) {
          const r = pick(inState('refund_failed'));
          if (r) actions.push(() => retry(r));
        } else if (choice === 12 && order) {
          // The merchant refunds some units (or everything left) on the shop's initiative: the same path, racing the rest.
          const item = pick(byOrder.get(order.id)!.items)!;
          const body = rnd(3)
            ? { items: [{ orderItemId: item.id, quantity: 1 + rnd(item.quantity) }], reason: 'merchant' }
            : { reason: 'all' };
          actions.push(() => http(w.t.http.post(`/api/v1/admin/orders/${order.id}/refunds`, body, { token: operator })));
        } else if (choice === 13 && order) {
          actions.push(() => http(w.t.http.post(`/api/v1/admin/orders/${order.id}/close`, { reason: 'cannot ship' }, { token: operator })));
        }
      }
      await Promise.all(actions.map((a) => a()));
    }
    // Orders still unshipped: every other one asks for everything left back, the rest ship (if nothing stops them).
    await drainJobs(w);
    const paid = await w.t.sql<{ id: number }>("SELECT id FROM orders WHERE status = 'paid' ORDER BY id");
    for (const [k, { id }] of paid.entries()) {
      const s = byOrder.get(id)!;
      if (k % 2 === 0) {
        const preview = await w.t.http.get(`/api/v1/after-sales/preview?orderId=${id}`, { token: s.token });
        const items = (preview.body.items as { orderItemId: number; refundableQuantity: number; openAfterSaleId: number | null }[])
          .filter((i) => i.refundableQuantity > 0 && i.openAfterSaleId === null)
          .map((i) => ({ orderItemId: i.orderItemId, quantity: i.refundableQuantity }));
        if (items.length)
          await http(
            w.t.http.post('/api/v1/after-sales', { orderId: id, type: 'refund_only', reason: 'other', items }, { token: s.token }),
          );
      } else {
        await http(
          w.t.http.post(`/api/v1/admin/orders/${id}/ship`, { expressCompany: 'SF', trackingNo: `SF${id}990001` }, { token: operator }),
        );
      }
    }
    await settleEverything();
    await expectMoneyInvariants();
    // The run did what it is for: early refunds, shipments, returns and fees all happened.
    const [seen] = await w.t.sql(
      `SELECT (SELECT COUNT(*) FROM stock_movement WHERE reason = 'refund_restock') AS early,
              (SELECT COUNT(*) FROM stock_movement WHERE reason = 'return_restock') AS returned,
              (SELECT COUNT(*) FROM shipment) AS shipped,
              (SELECT COUNT(*) FROM after_sale WHERE status = 'refunded' AND shipping_amount > 0) AS fees,
              (SELECT COUNT(*) FROM after_sale WHERE status = 'refunded' AND initiator = 'merchant') AS merchant`,
    );
    expect(seen).toEqual({
      early: expect.any(Number),
      returned: expect.any(Number),
      shipped: expect.any(Number),
      fees: expect.any(Number),
      merchant: expect.any(Number),
    });
    for (const k of ['early', 'shipped', 'fees', 'merchant'] as const) expect([k, seen[k] > 0]).toEqual([k, true]);
  });

  it('the fee stays exact when requests on every item race their approvals, withdrawals and rejections', async () => {
    const product = await createShopProduct(w.t, w.owner, [
      { price: 1200, stock: 500 },
      { price: 2500, stock: 500 },
      { price: 999, stock: 500 },
    ]);
    const orders: Shopper[] = [];
    for (let i = 0; i < 10; i++) orders.push(await paidOrder(product.skuIds));
    // Every item of every order asked back at once (one request per item).
    await Promise.all(
      orders.flatMap((o) =>
        o.items.map((item) =>
          http(
            w.t.http.post(
              '/api/v1/after-sales',
              { orderId: o.orderId, type: 'refund_only', reason: 'other', items: [{ orderItemId: item.id, quantity: item.quantity }] },
              { token: o.token },
            ),
          ),
        ),
      ),
    );
    // Then, all at once: some approved (a few lowered), some withdrawn by the buyer, some rejected.
    const open = (await requests()).filter((r) => r.status === 'requested' && orders.some((o) => o.orderId === r.order_id));
    const token = (orderId: number): string => orders.find((o) => o.orderId === orderId)!.token;
    await Promise.all(
      open.map((r) => {
        const fate = rnd(6);
        if (fate === 0) return http(w.t.http.post(`/api/v1/after-sales/${r.id}/cancel`, undefined, { token: token(r.order_id) }));
        if (fate === 1) return admin(r.id, 'reject', { reason: 'no' });
        return admin(r.id, 'approve', fate === 2 ? { refundAmount: Math.max(1, Math.floor(r.refund_amount / 2)) } : undefined);
      }),
    );
    await drainJobs(w);
    // Refunds settle (duplicated notifications racing each other) while the operator ships whatever is left.
    const inFlight = (await requests()).filter((r) => r.status === 'refunding');
    await Promise.all(inFlight.map((r) => settle(r, 'SUCCESS', 2)));
    await Promise.all(
      orders.map((o) =>
        http(
          w.t.http.post(
            `/api/v1/admin/orders/${o.orderId}/ship`,
            { expressCompany: 'SF', trackingNo: `SF${o.orderId}880001` },
            { token: operator },
          ),
        ),
      ),
    );
    await settleEverything();
    await expectMoneyInvariants();
    const shipped = await w.t.sql("SELECT COUNT(*) AS n FROM orders WHERE status = 'shipped'");
    const closed = await w.t.sql("SELECT COUNT(*) AS n FROM orders WHERE status = 'closed' AND shipped_at IS NULL");
    expect([shipped[0].n > 0, closed[0].n > 0]).toEqual([true, true]);
  });
});
