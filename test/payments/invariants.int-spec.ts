import { TransactionRunner } from '@app/database';
import { JobRunner } from '@app/jobs/testing';
import { EXPIRE_SWEEP } from '@app/orders/testing';
import { PaymentsService } from '@app/payments';
import { RECONCILE_PAYMENTS_SWEEP } from '@app/payments/testing';
import { ledgerMismatches, mapLimit, stockMismatches } from '@app/testing';
import { buy, drainJobs, NOTIFY, type PayWorld, pressPay, REFUND_NOTIFY, startPayWorld } from './pay-fixtures';

/** A seeded random mix of orders, payments, duplicate notifications, cancels, expiries and refunds. */
describe('money invariants after a randomized run', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startPayWorld({ ORDER_PAY_MINUTES: '30' });
  });
  afterAll(() => w?.close());

  it('every paid order has exactly one succeeded payment and 0 <= refunded <= paid everywhere', async () => {
    let seed = 20261122;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const payments = w.t.app.get(PaymentsService);
    const tx = w.t.app.get(TransactionRunner);
    const runner = w.t.app.get(JobRunner);
    const skuId = (await buy(w, { price: 3_000, stock: 10_000 })).skuId;
    // Bought a few at a time; the quantities are drawn in the same order as ever (each call draws before it awaits).
    const orders = await mapLimit(Array.from({ length: 40 }), 6, () => buy(w, { skuId, quantity: 1 + rnd(3) }));

    await Promise.all(
      orders.map(async (b) => {
        const fate = rnd(10);
        if (fate < 7) await pressPay(w, b);
        if (fate < 6) {
          w.pay.pay(b.orderNo);
          const n = w.pay.transactionNotification(b.orderNo);
          const copies = 1 + rnd(3);
          const cancel = rnd(4) === 0 ? w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, undefined, { token: b.token }) : undefined;
          await Promise.all([...Array.from({ length: copies }, () => w.pay.deliver(`${w.t.url}${NOTIFY}`, n)), cancel]);
        } else if (fate < 8) {
          await w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, undefined, { token: b.token });
        }
      }),
    );
    // Some pay at WeChat without a notification; then time passes: expiry and reconciliation.
    for (const b of orders) if (w.pay.orders.get(b.orderNo)?.state === 'NOTPAY' && rnd(3) === 0) w.pay.pay(b.orderNo);
    w.t.clock.advanceMinutes(31);
    await runner.runSweep(EXPIRE_SWEEP);
    await runner.runSweep(RECONCILE_PAYMENTS_SWEEP);
    await drainJobs(w);

    // Refund some paid orders in random parts, some beyond what remains (refused).
    const paid = await w.t.sql("SELECT id, pay_amount FROM orders WHERE status = 'paid'");
    for (const o of paid) {
      for (let k = 0; k < 3; k++) {
        const amount = 1 + rnd(o.pay_amount);
        await tx
          .run((m) => payments.refund(m, o.id, amount, 'random'))
          .catch((err: { code?: string }) => expect(err.code).toBe('REFUND_EXCEEDS_PAID'));
      }
    }
    await drainJobs(w);
    for (const r of await w.t.sql("SELECT out_refund_no, late_payment FROM refund WHERE status = 'processing'")) {
      // Failed refunds (CLOSED) wait for a person; keep them to ordinary refunds so the check below is exact.
      w.pay.settleRefund(r.out_refund_no, rnd(5) === 0 && !r.late_payment ? 'CLOSED' : 'SUCCESS');
      const n = w.pay.refundNotification(r.out_refund_no);
      await Promise.all([w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, n), w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, n)]);
    }

    const paidWithoutOne = await w.t.sql(
      `SELECT o.id FROM orders o LEFT JOIN payment p ON p.order_id = o.id AND p.status = 'succeeded'
        WHERE o.paid_at IS NOT NULL GROUP BY o.id HAVING COUNT(p.id) <> 1`,
    );
    expect(paidWithoutOne).toEqual([]);
    expect(await w.t.sql('SELECT id FROM orders WHERE refunded_amount < 0 OR refunded_amount > paid_amount')).toEqual([]);
    expect(await w.t.sql("SELECT id FROM orders WHERE status IN ('paid', 'shipped', 'completed') AND paid_amount <> pay_amount")).toEqual(
      [],
    );
    expect(await w.t.sql('SELECT id FROM payment WHERE refunded_amount < 0 OR refunded_amount > amount')).toEqual([]);
    expect(
      await w.t.sql(
        `SELECT o.id FROM orders o JOIN refund r ON r.order_id = o.id AND r.status = 'succeeded' AND r.late_payment = 0
          GROUP BY o.id, o.refunded_amount HAVING SUM(r.amount) <> o.refunded_amount`,
      ),
    ).toEqual([]);
    // Money that came in for cancelled orders is on its way back, in full.
    const cancelledButPaid = await w.t.sql(
      `SELECT p.order_id, p.amount, COALESCE(SUM(r.amount), 0) AS refunded FROM payment p JOIN orders o ON o.id = p.order_id
         LEFT JOIN refund r ON r.payment_id = p.id AND r.status <> 'closed'
        WHERE o.status = 'cancelled' AND p.status = 'succeeded' GROUP BY p.order_id, p.amount`,
    );
    for (const c of cancelledButPaid) expect(c.refunded).toBe(c.amount);
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  });
});
