import { TransactionRunner } from '@app/database';
import { PaymentsService, RefundsService } from '@app/payments';
import { buy, drainJobs, NOTIFY, payAndNotify, type PayWorld, pressPay, REFUND_NOTIFY, startPayWorld } from './pay-fixtures';

/** Payments and refunds change state through their state machines, each change with an audit row (who and why). */
describe('payment and refund audit rows', () => {
  let w: PayWorld;
  let tx: TransactionRunner;
  beforeAll(async () => {
    w = await startPayWorld();
    tx = w.t.app.get(TransactionRunner);
  });
  afterAll(() => w?.close());

  const paymentEvents = (orderId: number) =>
    w.t.sql(
      'SELECT e.from_status, e.to_status, e.actor, e.actor_id, e.note FROM payment_event e JOIN payment p ON p.id = e.payment_id ' +
        'WHERE p.order_id = ? ORDER BY e.id',
      [orderId],
    );
  const refundEvents = (refundId: number) =>
    w.t.sql('SELECT from_status, to_status, actor, actor_id, note FROM refund_event WHERE refund_id = ? ORDER BY id', [refundId]);

  it('records the payment WeChat Pay notified, once however often it is delivered', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    expect((await payAndNotify(w, b)).status).toBe(204);
    const again = await w.pay.deliver(`${w.t.url}${NOTIFY}`, w.pay.transactionNotification(b.orderNo));
    expect(again.status).toBe(204);
    const [event] = await w.t.sql('SELECT event_id FROM payment_notification WHERE out_trade_no = ? ORDER BY id LIMIT 1', [b.orderNo]);
    expect(await paymentEvents(b.orderId)).toEqual([
      { from_status: 'pending', to_status: 'succeeded', actor: 'wechat', actor_id: null, note: `notification ${event.event_id}` },
    ]);
  });

  it('records the close of a cancelled order at WeChat Pay, and nothing for a step that lost its race', async () => {
    const b = await buy(w);
    await pressPay(w, b);
    expect((await w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, undefined, { token: b.token })).status).toBe(200);
    await drainJobs(w);
    expect(await paymentEvents(b.orderId)).toEqual([
      { from_status: 'pending', to_status: 'closed', actor: 'system', actor_id: null, note: 'closed at WeChat Pay' },
    ]);
    const [payment] = await w.t.sql('SELECT id FROM payment WHERE order_id = ?', [b.orderId]);
    // A second closer (the reconciliation sweep, another instance) finds it no longer pending: no change, no row.
    expect(await tx.run((m) => w.t.app.get(PaymentsService).closeIfPending(m, payment.id, 'again'))).toBe(false);
    expect(await paymentEvents(b.orderId)).toHaveLength(1);
  });

  it("records each of a refund's steps with WeChat Pay's word or the operator who retried it", async () => {
    const b = await buy(w, { price: 10_000 });
    await pressPay(w, b);
    await payAndNotify(w, b);
    const payments = w.t.app.get(PaymentsService);
    const r = await tx.run((m) => payments.refund(m, b.orderId, 4_000, '测试退款'));
    await drainJobs(w); // the job asks WeChat Pay: PROCESSING
    w.pay.settleRefund(r.outRefundNo, 'ABNORMAL');
    expect((await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(r.outRefundNo))).status).toBe(204);
    const [admin] = await w.t.sql<{ id: number }>('SELECT id FROM admin_user ORDER BY id LIMIT 1');
    await tx.run((m) => w.t.app.get(RefundsService).retry(m, r.refundId, admin!.id));
    expect(await refundEvents(r.refundId)).toEqual([
      { from_status: 'pending', to_status: 'processing', actor: 'wechat', actor_id: null, note: 'WeChat Pay: PROCESSING' },
      { from_status: 'processing', to_status: 'abnormal', actor: 'wechat', actor_id: null, note: 'provider reported ABNORMAL' },
      { from_status: 'abnormal', to_status: 'pending', actor: 'admin', actor_id: admin!.id, note: 'refund retried' },
    ]);
  });
});
