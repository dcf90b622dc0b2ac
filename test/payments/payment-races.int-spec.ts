import { JobRunner } from '@app/jobs/testing';
import { RECONCILE_PAYMENTS_SWEEP } from '@app/payments/testing';
import { EXPIRE_SWEEP } from '@app/orders/testing';
import { buy, drainJobs, NOTIFY, type PayWorld, pressPay, startPayWorld } from './pay-fixtures';

describe('payments under races and delays', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startPayWorld({ ORDER_PAY_MINUTES: '30' });
  });
  afterAll(() => w?.close());

  it('applies the same notification delivered 20 times at once exactly once', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.pay.pay(b.orderNo);
    const n = w.pay.transactionNotification(b.orderNo, { id: 'EV-DUPLICATE-1' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => w.pay.deliver(`${w.t.url}${NOTIFY}`, n)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(204));
    // A re-delivery with another event id (WeChat sometimes does that) changes nothing either.
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    expect(await w.t.sql("SELECT COUNT(*) AS n FROM order_event WHERE order_id = ? AND to_status = 'paid'", [b.orderId])).toEqual([
      { n: 1 },
    ]);
    expect(await w.t.sql('SELECT status, paid_amount FROM orders WHERE id = ?', [b.orderId])).toEqual([
      { status: 'paid', paid_amount: b.payAmount },
    ]);
    expect(await w.t.sql('SELECT outcome FROM payment_notification WHERE out_trade_no = ? ORDER BY id', [b.orderNo])).toEqual([
      { outcome: 'paid' },
      { outcome: 'already_paid' },
    ]);
  });

  it('a notification racing a buyer cancel ends paid, or cancelled with a full refund', async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const b = await buy(w);
      await pressPay(w, b);
      w.pay.pay(b.orderNo);
      const [cancel, notify] = await Promise.all([
        w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, undefined, { token: b.token }),
        w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo)),
      ]);
      expect(notify.status).toBe(204);
      const [order] = await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId]);
      const refunds = await w.t.sql('SELECT amount, late_payment FROM refund WHERE order_id = ?', [b.orderId]);
      if (order.status === 'paid') {
        expect(cancel.status).toBe(409);
        expect(refunds).toEqual([]);
      } else {
        expect(order.status).toBe('cancelled');
        expect(cancel.status).toBe(200);
        expect(refunds).toEqual([{ amount: b.payAmount, late_payment: 1 }]);
      }
      outcomes.push(order.status);
    }
    expect(outcomes.every((s) => s === 'paid' || s === 'cancelled')).toBe(true);
  });

  it('refunds in full a payment that arrives after the order expired, and never revives the order', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.t.clock.advanceMinutes(31);
    await w.t.app.get(JobRunner).runSweep(EXPIRE_SWEEP);
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId])).toEqual([{ status: 'cancelled' }]);
    // The close job races the buyer, who had paid just before the deadline at WeChat's side.
    w.pay.pay(b.orderNo);
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    await drainJobs(w);
    expect(await w.t.sql('SELECT status, paid_amount, refunded_amount FROM orders WHERE id = ?', [b.orderId])).toEqual([
      { status: 'cancelled', paid_amount: 0, refunded_amount: 0 },
    ]);
    expect(await w.t.sql('SELECT amount, status, late_payment FROM refund WHERE order_id = ?', [b.orderId])).toEqual([
      { amount: b.payAmount, status: 'processing', late_payment: 1 },
    ]);
    expect(w.pay.refunds.get(`${b.orderNo}R01`)).toMatchObject({ refund: b.payAmount, total: b.payAmount });
  });

  it('closes the WeChat Pay order when an unpaid order is cancelled', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    await w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, undefined, { token: b.token });
    await drainJobs(w);
    expect(w.pay.order(b.orderNo).state).toBe('CLOSED');
    expect(await w.t.sql('SELECT status FROM payment WHERE order_id = ?', [b.orderId])).toEqual([{ status: 'closed' }]);
  });

  it('reconciliation settles a payment whose notification never came', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    w.pay.pay(b.orderNo); // paid at WeChat; the notification is lost
    const runner = w.t.app.get(JobRunner);
    expect(await runner.runSweep(RECONCILE_PAYMENTS_SWEEP)).toBe(0); // too early to ask
    w.t.clock.advanceMinutes(6);
    expect(await runner.runSweep(RECONCILE_PAYMENTS_SWEEP)).toBeGreaterThanOrEqual(1);
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [b.orderId])).toEqual([{ status: 'paid' }]);
    // The late notification then changes nothing.
    expect((await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo))).status).toBe(204);
    expect(await w.t.sql("SELECT COUNT(*) AS n FROM order_event WHERE order_id = ? AND to_status = 'paid'", [b.orderId])).toEqual([
      { n: 1 },
    ]);
  });

  it('answers 503, not 500, when WeChat Pay is down at prepay', async () => {
    const b = await buy(w);
    w.pay.failNext('POST', '/v3/pay/transactions/jsapi', { status: 500, body: { code: 'SYSTEM_ERROR', message: '系统错误' } });
    const res = await w.t.http.post(`/api/v1/orders/${b.orderId}/pay`, undefined, { token: b.token });
    expect([res.status, res.body.code]).toEqual([503, 'PAYMENT_UNAVAILABLE']);
    expect((await w.t.http.post(`/api/v1/orders/${b.orderId}/pay`, undefined, { token: b.token })).status).toBe(200);
  });

  it('refuses to pay an order that is not the caller’s, already paid, cancelled or expired', async () => {
    const b = await buy(w);
    const other = await w.t.loginUser();
    expect((await w.t.http.post(`/api/v1/orders/${b.orderId}/pay`, undefined, { token: other.token })).status).toBe(404);
    w.t.clock.advanceMinutes(31);
    const expired = await w.t.http.post(`/api/v1/orders/${b.orderId}/pay`, undefined, { token: b.token });
    expect([expired.status, expired.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
  });
});
