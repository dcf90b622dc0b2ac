import { TransactionRunner } from '@app/database';
import { JobRunner } from '@app/jobs/testing';
import { PaymentsService } from '@app/payments';
import { RECONCILE_REFUNDS_SWEEP } from '@app/payments/testing';
import { buy, drainJobs, payAndNotify, type PayWorld, pressPay, REFUND_NOTIFY, startPayWorld } from './pay-fixtures';

describe('refunds', () => {
  let w: PayWorld;
  let payments: PaymentsService;
  let tx: TransactionRunner;
  beforeAll(async () => {
    w = await startPayWorld({ WXPAY_TIMEOUT_MS: '500' });
    payments = w.t.app.get(PaymentsService);
    tx = w.t.app.get(TransactionRunner);
  });
  afterAll(() => w?.close());

  async function paid(price = 10_000): Promise<Awaited<ReturnType<typeof buy>>> {
    const b = await buy(w, { price });
    await pressPay(w, b);
    expect((await payAndNotify(w, b)).status).toBe(204);
    return b;
  }
  const refund = (orderId: number, amount: number) => tx.run((m) => payments.refund(m, orderId, amount, '测试退款'));
  const orderMoney = async (orderId: number) =>
    (await w.t.sql('SELECT paid_amount, refunded_amount FROM orders WHERE id = ?', [orderId]))[0];

  it('sums several partial refunds and refuses any over-refund', async () => {
    const b = await paid(10_000); // pay amount 10,000 (free shipping at the default threshold)
    expect(b.payAmount).toBe(10_000);
    const r1 = await refund(b.orderId, 3_000);
    const r2 = await refund(b.orderId, 5_000);
    expect([r1.outRefundNo, r2.outRefundNo]).toEqual([`${b.orderNo}R01`, `${b.orderNo}R02`]);
    await expect(refund(b.orderId, 2_001)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAID', details: { remaining: 2_000 } });
    await drainJobs(w);
    for (const no of [r1.outRefundNo, r2.outRefundNo]) {
      w.pay.settleRefund(no, 'SUCCESS');
      expect((await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(no))).status).toBe(204);
    }
    expect(await orderMoney(b.orderId)).toEqual({ paid_amount: 10_000, refunded_amount: 8_000 });
    const r3 = await refund(b.orderId, 2_000);
    await expect(refund(b.orderId, 1)).rejects.toMatchObject({ code: 'REFUND_EXCEEDS_PAID' });
    await drainJobs(w);
    w.pay.settleRefund(r3.outRefundNo, 'SUCCESS');
    const n = w.pay.refundNotification(r3.outRefundNo);
    for (let i = 0; i < 3; i++) expect((await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, n)).status).toBe(204); // duplicates
    expect(await orderMoney(b.orderId)).toEqual({ paid_amount: 10_000, refunded_amount: 10_000 });
    expect(await w.t.sql('SELECT refunded_amount FROM payment WHERE order_id = ?', [b.orderId])).toEqual([{ refunded_amount: 10_000 }]);
  });

  it('retries a refund that timed out with the same out_refund_no, and WeChat refunds once', async () => {
    const b = await paid(10_000);
    w.pay.failNext('POST', '/v3/refund/domestic/refunds', { delayMs: 800, status: 200, body: {} });
    const r = await refund(b.orderId, 4_000);
    await drainJobs(w);
    let [row] = await w.t.sql('SELECT status FROM refund WHERE id = ?', [r.refundId]);
    expect(row.status).toBe('pending');
    const [job] = await w.t.sql("SELECT status, attempts, last_error FROM job WHERE type = 'payments.refund' AND payload LIKE ?", [
      `%"refundId":${r.refundId}}%`,
    ]);
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    w.t.clock.advance(60_000);
    await drainJobs(w);
    [row] = await w.t.sql('SELECT status FROM refund WHERE id = ?', [r.refundId]);
    expect(row.status).toBe('processing');
    const calls = w.pay.callsTo('/v3/refund/domestic/refunds').filter((c) => c.body?.out_refund_no === r.outRefundNo);
    expect(calls.length).toBe(2);
    expect([...w.pay.refunds.values()].filter((x) => x.outRefundNo === r.outRefundNo)).toHaveLength(1);
  });

  it('surfaces abnormal refunds for admins, and settles them when WeChat finally succeeds', async () => {
    const b = await paid(10_000);
    const r = await refund(b.orderId, 10_000);
    await drainJobs(w);
    w.pay.settleRefund(r.outRefundNo, 'ABNORMAL');
    expect((await w.pay.deliver(`${w.t.url}${REFUND_NOTIFY}`, w.pay.refundNotification(r.outRefundNo))).status).toBe(204);
    const viewer = await w.t.createAdmin('viewer');
    const list = await w.t.http.get('/api/v1/admin/refunds?status=abnormal', { token: viewer });
    expect(list.body.items.map((x: { outRefundNo: string }) => x.outRefundNo)).toContain(r.outRefundNo);
    expect(await orderMoney(b.orderId)).toEqual({ paid_amount: 10_000, refunded_amount: 0 });
  });

  it('settles a processing refund whose notification never came (refund query sweep)', async () => {
    const b = await paid(10_000);
    const r = await refund(b.orderId, 1_000);
    await drainJobs(w);
    w.pay.settleRefund(r.outRefundNo, 'SUCCESS'); // notification lost
    const runner = w.t.app.get(JobRunner);
    expect(await runner.runSweep(RECONCILE_REFUNDS_SWEEP)).toBe(0);
    w.t.clock.advanceMinutes(11);
    expect(await runner.runSweep(RECONCILE_REFUNDS_SWEEP)).toBe(1);
    expect(await orderMoney(b.orderId)).toEqual({ paid_amount: 10_000, refunded_amount: 1_000 });
  });

  it('refuses refunds of unpaid orders', async () => {
    const b = await buy(w);
    await expect(refund(b.orderId, 100)).rejects.toMatchObject({ code: 'ORDER_NOT_PAID' });
  });
});
