import { generateKeyPairSync } from 'node:crypto';
import { JobRunner } from '@app/jobs/testing';
import { TRANSFER_QUERY_SWEEP } from '@app/distribution/testing';
import { FakeWechatPay } from '@app/testing';
import {
  type ActivePromoter,
  balanceMismatches,
  balancesOf,
  drainJobs,
  earn,
  type PayWorld,
  promoter,
  setSettings,
  startDistWorld,
  TRANSFER_NOTIFY,
  withdraw,
} from './dist-fixtures';

describe('withdrawals and WeChat merchant transfers', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startDistWorld({}, { withdrawMin: 100, withdrawMax: 100_000, withdrawDailyCount: 100, channels: ['wechat', 'manual'] });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());
  afterEach(async () => expect(await balanceMismatches(w.t)).toEqual([]));

  const admin = (id: number, action: string, body?: unknown) =>
    w.t.http.post(`/api/v1/admin/distribution/withdrawals/${id}/${action}`, body ?? {}, { token: operator });
  const mine = (p: ActivePromoter, id: number) => w.t.http.get(`/api/v1/distribution/withdrawals/${id}`, { token: p.token });
  const events = (id: number) =>
    w.t.sql('SELECT from_status, to_status, actor FROM withdrawal_event WHERE withdrawal_id = ? ORDER BY id', [id]);
  const notify = (outBillNo: string, opts = {}) =>
    w.pay.deliver(`${w.t.url}${TRANSFER_NOTIFY}`, w.pay.transferNotification(outBillNo, opts));

  /** An approved WeChat withdrawal whose bill waits for the promoter. */
  async function transferring(amount: number): Promise<{ p: ActivePromoter; id: number; outBillNo: string }> {
    const p = await promoter(w);
    await earn(w, p, amount);
    const res = await withdraw(w, p, amount);
    expect(res.status).toBe(201);
    expect((await admin(res.body.id, 'approve')).body.status).toBe('approved');
    await drainJobs(w);
    const v = await mine(p, res.body.id);
    expect(v.body).toMatchObject({ status: 'transferring', transferState: 'WAIT_USER_CONFIRM' });
    const [row] = await w.t.sql('SELECT out_bill_no FROM withdrawal WHERE id = ?', [res.body.id]);
    expect(v.body.transfer).toEqual({ mchId: w.pay.keys.mchId, appId: w.pay.appid, package: w.pay.transfer(row.out_bill_no).packageInfo });
    return { p, id: res.body.id, outBillNo: row.out_bill_no };
  }

  it('20 concurrent withdrawals against one balance never overdraw', async () => {
    const p = await promoter(w);
    await earn(w, p, 10_000);
    const results = await Promise.all(Array.from({ length: 20 }, () => withdraw(w, p, 1000)));
    const codes = results.map((r) => (r.status === 201 ? 'ok' : r.body.code)).sort();
    expect(codes.filter((c) => c === 'ok')).toHaveLength(10);
    expect(codes.filter((c) => c !== 'ok').every((c) => c === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 0, withdrawing: 10_000 });
  });

  it('bounds, daily count and fee: quoted before confirming, refused with nothing written', async () => {
    const p = await promoter(w);
    await earn(w, p, 5000);
    await setSettings(w, { withdrawMin: 200, withdrawMax: 2000, withdrawDailyCount: 2, withdrawFeeBp: 100 });
    const q = await w.t.http.get('/api/v1/distribution/withdrawals/quote?amount=1500', { token: p.token });
    expect(q.body).toEqual({
      amount: 1500,
      fee: 15,
      payout: 1485,
      realNameRequired: false,
      withdrawable: 5000,
      min: 200,
      max: 2000,
      dailyCount: 2,
      usedToday: 0,
    });
    expect((await withdraw(w, p, 199)).body.code).toBe('WITHDRAWAL_AMOUNT_OUT_OF_BOUNDS');
    expect((await withdraw(w, p, 2001)).body.code).toBe('WITHDRAWAL_AMOUNT_OUT_OF_BOUNDS');
    const ok = await withdraw(w, p, 1500);
    expect(ok.body).toMatchObject({ amount: 1500, fee: 15, payout: 1485, status: 'applied' });
    expect((await withdraw(w, p, 1500)).status).toBe(201);
    expect((await withdraw(w, p, 500)).body.code).toBe('WITHDRAWAL_DAILY_LIMIT');
    const stranger = await promoter(w);
    expect((await mine(stranger, ok.body.id)).status).toBe(404);
    await setSettings(w, { withdrawMin: 100, withdrawMax: 100_000, withdrawDailyCount: 100, withdrawFeeBp: 0 });
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 2000, withdrawing: 3000 });
  });

  it('a rejected withdrawal returns the money exactly once', async () => {
    const p = await promoter(w);
    await earn(w, p, 3000);
    const res = await withdraw(w, p, 3000);
    const [a, b] = await Promise.all([
      admin(res.body.id, 'reject', { reason: 'suspicious' }),
      admin(res.body.id, 'reject', { reason: 'twice' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 3000, withdrawing: 0, withdrawn: 0 });
    expect((await admin(res.body.id, 'approve')).body.code).toBe('WITHDRAWAL_STATE_CONFLICT');
  });

  it('WeChat transfer: confirmed by the promoter, settled by the verified notification; duplicates and forgeries change nothing', async () => {
    const { p, id, outBillNo } = await transferring(2000);
    const bill = w.pay.transfer(outBillNo);
    expect({ amount: bill.amount, sceneId: bill.sceneId }).toEqual({ amount: 2000, sceneId: '1000' });
    w.pay.confirmTransfer(outBillNo);
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await notify(outBillNo, { signWith: stranger })).status).toBe(401);
    expect((await notify(outBillNo, { tamper: 'ciphertext' })).status).toBe(401);
    expect((await mine(p, id)).body.status).toBe('transferring');
    const n = w.pay.transferNotification(outBillNo);
    const results = await Promise.all([1, 2, 3].map(() => w.pay.deliver(`${w.t.url}${TRANSFER_NOTIFY}`, n)));
    expect(results.map((r) => r.status)).toEqual([204, 204, 204]);
    expect((await mine(p, id)).body).toMatchObject({ status: 'succeeded', transferState: 'SUCCESS', transfer: null });
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 0, withdrawing: 0, withdrawn: 2000 });
    expect(await events(id)).toEqual([
      { from_status: null, to_status: 'applied', actor: 'user' },
      { from_status: 'applied', to_status: 'approved', actor: 'admin' },
      { from_status: 'approved', to_status: 'transferring', actor: 'system' },
      { from_status: 'transferring', to_status: 'succeeded', actor: 'wechat' },
    ]);
  });

  it('declined (never confirmed): cancelled, the money back once', async () => {
    const { p, id, outBillNo } = await transferring(1200);
    w.pay.declineTransfer(outBillNo);
    expect((await notify(outBillNo)).status).toBe(204);
    expect((await notify(outBillNo)).status).toBe(204);
    expect((await mine(p, id)).body.status).toBe('cancelled');
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 1200, withdrawing: 0, withdrawn: 0 });
  });

  it('a failed transfer returns the money; an operator retry makes a new bill and takes it again', async () => {
    const { p, id, outBillNo } = await transferring(1500);
    w.pay.failTransfer(outBillNo, 'REAL_NAME_CHECK_FAIL');
    expect((await notify(outBillNo)).status).toBe(204);
    expect((await mine(p, id)).body).toMatchObject({ status: 'failed', failReason: 'REAL_NAME_CHECK_FAIL' });
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 1500, withdrawing: 0 });
    const retried = await admin(id, 'retry');
    expect(retried.body).toMatchObject({ status: 'approved', attempt: 2 });
    expect(retried.body.outBillNo).not.toBe(outBillNo);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 0, withdrawing: 1500 });
    await drainJobs(w);
    w.pay.confirmTransfer(retried.body.outBillNo);
    expect((await notify(retried.body.outBillNo)).status).toBe(204);
    expect((await mine(p, id)).body.status).toBe('succeeded');
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 0, withdrawing: 0, withdrawn: 1500 });
  });

  it('a missed notification is settled by the query sweep; the job retries with the same out_bill_no', async () => {
    const p = await promoter(w);
    await earn(w, p, 800);
    const res = await withdraw(w, p, 800);
    await admin(res.body.id, 'approve');
    const before = w.pay.callsTo('/v3/fund-app/mch-transfer/transfer-bills').length;
    w.pay.failNext('POST', '/v3/fund-app/mch-transfer/transfer-bills', FakeWechatPay.SYSTEM_ERROR);
    await drainJobs(w);
    w.t.clock.advance(120_000); // past the job's backoff
    await drainJobs(w);
    const [row] = await w.t.sql('SELECT out_bill_no, status FROM withdrawal WHERE id = ?', [res.body.id]);
    expect(row.status).toBe('transferring');
    expect(w.pay.callsTo('/v3/fund-app/mch-transfer/transfer-bills').length - before).toBe(2); // the 500, then the same bill
    expect(
      w.pay
        .callsTo('/v3/fund-app/mch-transfer/transfer-bills')
        .slice(-2)
        .map((c) => (c.body as { out_bill_no: string }).out_bill_no),
    ).toEqual([row.out_bill_no, row.out_bill_no]);
    w.pay.confirmTransfer(row.out_bill_no); // the notification never arrives
    const sweep = () => w.t.app.get(JobRunner).runSweep(TRANSFER_QUERY_SWEEP);
    expect(await sweep()).toBe(0); // too recent to ask
    w.t.clock.advance(6 * 60_000);
    expect(await sweep()).toBe(1);
    expect((await mine(p, res.body.id)).body.status).toBe('succeeded');
    expect(await sweep()).toBe(0);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawing: 0, withdrawn: 800 });
  });

  it('2,000 yuan and more: the real name is required, sent encrypted for the WeChat Pay public key, decrypted by WeChat Pay', async () => {
    const p = await promoter(w);
    await earn(w, p, 250_000);
    await setSettings(w, { withdrawMax: 300_000 });
    const q = await w.t.http.get('/api/v1/distribution/withdrawals/quote?amount=200000', { token: p.token });
    expect(q.body).toMatchObject({ payout: 200_000, realNameRequired: true });
    const small = await w.t.http.get('/api/v1/distribution/withdrawals/quote?amount=199999', { token: p.token });
    expect(small.body.realNameRequired).toBe(false);
    const refused = await withdraw(w, p, 200_000);
    expect([refused.status, refused.body.code]).toEqual([400, 'REAL_NAME_REQUIRED']);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 250_000, withdrawing: 0 });
    const res = await w.t.http.post(
      '/api/v1/distribution/withdrawals',
      { amount: 200_000, channel: 'wechat', realName: ' 张三丰 ' },
      { token: p.token },
    );
    expect(res.status).toBe(201);
    const approved = await admin(res.body.id, 'approve');
    expect(approved.body.payeeName).toBe('张**');
    await drainJobs(w);
    const [row] = await w.t.sql('SELECT out_bill_no, status, payee_name FROM withdrawal WHERE id = ?', [res.body.id]);
    expect([row.status, row.payee_name]).toEqual(['transferring', '张三丰']);
    const call = w.pay.callsTo('/v3/fund-app/mch-transfer/transfer-bills').at(-1)!;
    expect(call.headers['wechatpay-serial']).toBe(w.pay.keys.wechatPay.serial);
    const sent = (call.body as { user_name: string }).user_name;
    expect(sent).not.toContain('张');
    expect(Buffer.from(sent, 'base64')).toHaveLength(256); // one RSA-2048 block
    expect(w.pay.transfer(row.out_bill_no).userName).toBe('张三丰');
    w.pay.confirmTransfer(row.out_bill_no);
    expect((await notify(row.out_bill_no)).status).toBe(204);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 50_000, withdrawing: 0, withdrawn: 200_000 });
    await setSettings(w, { withdrawMax: 100_000 });
  });

  it('a bill WeChat Pay refuses for good fails at once with its reason, the money back; below 2,000 yuan no name is kept', async () => {
    const p = await promoter(w);
    await earn(w, p, 1000);
    const res = await w.t.http.post(
      '/api/v1/distribution/withdrawals',
      { amount: 1000, channel: 'wechat', realName: '李四' },
      { token: p.token },
    );
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('payeeName'); // below 2,000 yuan the name is not kept
    const [row] = await w.t.sql('SELECT payee_name FROM withdrawal WHERE id = ?', [res.body.id]);
    expect(row.payee_name).toBeNull();
    // A bill refused for good (here: WeChat Pay answers PARAM_ERROR) ends the attempt at once.
    w.pay.failNext('POST', '/v3/fund-app/mch-transfer/transfer-bills', {
      status: 400,
      body: { code: 'PARAM_ERROR', message: '敏感信息解密失败' },
    });
    await admin(res.body.id, 'approve');
    await drainJobs(w);
    expect((await mine(p, res.body.id)).body).toMatchObject({ status: 'failed', failReason: 'PARAM_ERROR: 敏感信息解密失败' });
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 1000, withdrawing: 0 });
  });

  it('a promoter without an openid (known only by an existing backend) is told at once that WeChat needs one', async () => {
    const p = await promoter(w);
    await earn(w, p, 800);
    await w.t.sql('UPDATE user SET openid = NULL WHERE id = ?', [p.userId]);
    const before = await w.t.sql('SELECT COUNT(*) AS n FROM withdrawal');
    const refused = await withdraw(w, p, 800);
    expect([refused.status, refused.body.code]).toEqual([409, 'WX_OPENID_REQUIRED']);
    expect(await w.t.sql('SELECT COUNT(*) AS n FROM withdrawal')).toEqual(before);
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawable: 800, withdrawing: 0 });
    // Another channel needs none.
    expect((await withdraw(w, p, 800, 'manual')).status).toBe(201);
  });

  it('manual channel: approved, then marked paid with the reference', async () => {
    const p = await promoter(w);
    await earn(w, p, 900);
    const res = await withdraw(w, p, 900, 'manual');
    expect((await admin(res.body.id, 'mark-paid', { reference: 'BANK-1' })).body.code).toBe('WITHDRAWAL_STATE_CONFLICT');
    await admin(res.body.id, 'approve');
    await drainJobs(w);
    const paid = await admin(res.body.id, 'mark-paid', { reference: 'BANK-1' });
    expect(paid.body).toMatchObject({ status: 'succeeded', manualReference: 'BANK-1' });
    expect(await balancesOf(w.t, p.promoterId)).toMatchObject({ withdrawn: 900, withdrawing: 0 });
    const queue = await w.t.http.get(`/api/v1/admin/distribution/withdrawals?promoterId=${p.promoterId}`, { token: operator });
    expect(queue.body.items).toHaveLength(1);
  });
});
