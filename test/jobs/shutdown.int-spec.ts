import { createConnection, type RowDataPacket } from 'mysql2/promise';
import { buy, pressPay, startPayWorld } from '../payments/pay-fixtures';

/**
 * SIGTERM (app.close()) while a job waits on WeChat Pay: the job finishes and records its outcome before the
 * pool closes, so no other instance runs it again after its lease.
 */
describe('shutdown while a job runs', () => {
  it('lets the running job finish and record done; WeChat Pay is called once', async () => {
    const w = await startPayWorld({ JOBS_IN_PROCESS: 'true', JOBS_POLL_MS: '50' });
    const conn = await createConnection(w.t.db.url);
    try {
      const b = await buy(w);
      await pressPay(w, b);
      const closePath = `/v3/pay/transactions/out-trade-no/${b.orderNo}/close`;
      w.pay.failNext('POST', closePath, { status: 204, delayMs: 1500 });
      expect((await w.t.http.post(`/api/v1/orders/${b.orderId}/cancel`, { reason: 'changed my mind' }, { token: b.token })).status).toBe(
        200,
      );
      // The in-process loop claims the close-order job; WeChat Pay takes 1.5 s to answer.
      for (let i = 0; i < 200 && w.pay.callsTo(closePath).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(w.pay.callsTo(closePath)).toHaveLength(1);

      await w.t.app.close(); // what SIGTERM triggers in bootstrap.ts

      expect(w.t.ds.isInitialized).toBe(false);
      const [jobs] = await conn.query<RowDataPacket[]>("SELECT status, attempts, locked_by FROM job WHERE type = 'payments.close-order'");
      expect(jobs).toEqual([{ status: 'done', attempts: 1, locked_by: null }]);
      expect(w.pay.callsTo(closePath)).toHaveLength(1);
    } finally {
      await conn.end();
      await w.t.db.drop();
      await w.t.wechat.close();
      await w.pay.close();
    }
  });
});
