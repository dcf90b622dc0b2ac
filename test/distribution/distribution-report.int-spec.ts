import {
  type ActivePromoter,
  bind,
  buyAndPay,
  drainJobs,
  earn,
  type PayWorld,
  product,
  promoter,
  refund,
  shopper,
  startDistWorld,
  withdraw,
} from './dist-fixtures';

/** The business day (Asia/Shanghai, the default SHOP_TIMEZONE) of an instant. */
const dayOf = (t: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t);

describe('distribution report and its CSV', () => {
  let w: PayWorld;
  let viewer: string;
  let a: ActivePromoter;
  let b: ActivePromoter;
  let from: string;
  let to: string;
  beforeAll(async () => {
    w = await startDistWorld({}, { channels: ['wechat', 'manual'] });
    viewer = await w.t.createAdmin('viewer');
    from = dayOf(w.t.clock.now());
    a = await promoter(w);
    b = await promoter(w, a);
    await w.t.http.patch('/api/v1/me', { nickname: '=推广员B' }, { token: b.token });
    await w.t.sql('UPDATE user SET phone = ? WHERE id = ?', ['13800138000', b.userId]);
    // Order 1: two units of 30.00 bought under B (B level 1 at 10%, A level 2 at 5%), one unit refunded.
    const buyer = await shopper(w);
    await bind(w, buyer, b.code);
    const p = await product(w, [3000]);
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 2 }]);
    await refund(w, o, [{ orderItemId: o.items[0]!.id, quantity: 1 }]);
    // Order 2: 100.00 under B, completed and settled (B 10.00 settled, A 5.00 settled).
    await earn(w, b, 1000);
    // B withdraws the settled 10.00, paid manually.
    const wd = await withdraw(w, b, 1000, 'manual');
    expect(wd.status).toBe(201);
    const operator = await w.t.createAdmin('operator');
    for (const [action, body] of [
      ['approve', {}],
      ['mark-paid', { reference: 'BANK-7' }],
    ] as const)
      expect(
        (await w.t.http.post(`/api/v1/admin/distribution/withdrawals/${wd.body.id}/${action}`, body, { token: operator })).status,
      ).toBe(200);
    await drainJobs(w);
    to = dayOf(w.t.clock.now());
  });
  afterAll(() => w?.close());

  const B_FIGURES = {
    orders: 2,
    gmv: 16_000,
    earned: 1600,
    frozen: 300,
    settled: 1000,
    cancelled: 300,
    withdrawals: 1,
    withdrawalAmount: 1000,
    withdrawn: 1000,
  };
  const A_FIGURES = {
    orders: 2,
    gmv: 16_000,
    earned: 800,
    frozen: 150,
    settled: 500,
    cancelled: 150,
    withdrawals: 0,
    withdrawalAmount: 0,
    withdrawn: 0,
  };

  it('per promoter over the period: attributed orders, GMV, commissions frozen / settled / taken back, withdrawals; totals', async () => {
    const res = await w.t.http.get(`/api/v1/admin/reports/distribution?from=${from}&to=${to}`, { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from, to, timeZone: 'Asia/Shanghai' });
    expect(res.body.promoters.items).toEqual([
      { promoterId: a.promoterId, code: a.code, status: 'active', userId: a.userId, nickname: expect.any(String), ...A_FIGURES },
      { promoterId: b.promoterId, code: b.code, status: 'active', userId: b.userId, nickname: '=推广员B', ...B_FIGURES },
    ]);
    expect(res.body.totals).toEqual({
      orders: 4,
      gmv: 32_000,
      earned: 2400,
      frozen: 450,
      settled: 1500,
      cancelled: 450,
      withdrawals: 1,
      withdrawalAmount: 1000,
      withdrawn: 1000,
    });
    // Sorted, paged, one promoter.
    const sorted = await w.t.http.get(`/api/v1/admin/reports/distribution?from=${from}&to=${to}&sort=earned&pageSize=1`, {
      token: viewer,
    });
    expect(sorted.body.promoters).toMatchObject({ total: 2, items: [{ promoterId: b.promoterId }] });
    const one = await w.t.http.get(`/api/v1/admin/reports/distribution?from=${from}&to=${to}&promoterId=${a.promoterId}`, {
      token: viewer,
    });
    expect(one.body.promoters.items.map((r: any) => r.promoterId)).toEqual([a.promoterId]);
    expect(one.body.totals).toEqual(A_FIGURES);
  });

  it('a period before any of it is empty; a bad range is a 400', async () => {
    const res = await w.t.http.get('/api/v1/admin/reports/distribution?from=2020-01-01&to=2020-01-31', { token: viewer });
    expect(res.body.promoters).toMatchObject({ total: 0, items: [] });
    expect(res.body.totals.gmv).toBe(0);
    expect((await w.t.http.get(`/api/v1/admin/reports/distribution?from=${to}&to=2020-01-01`, { token: viewer })).status).toBe(400);
    expect((await w.t.http.get('/api/v1/admin/reports/distribution?from=2020-02-30&to=2020-03-01', { token: viewer })).status).toBe(400);
    expect((await w.t.http.get(`/api/v1/admin/reports/distribution?from=${from}&to=${to}`, { token: b.token })).status).toBe(403);
  });

  it('the CSV: UTF-8 BOM, yuan with two decimals beside fen, phones masked unless the caller is an owner, formulas defused', async () => {
    const csv = await w.t.http.get(`/api/v1/admin/exports/distribution-report?from=${from}&to=${to}`, { token: viewer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const raw = await fetch(`${w.t.url}/api/v1/admin/exports/distribution-report?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${viewer}` },
    });
    expect([...Buffer.from(await raw.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // fetch's text() drops it
    expect(csv.text.startsWith('推广员ID,推广码,状态,用户ID,昵称,手机号,推广订单数,推广销售额(元),推广销售额(分)')).toBe(true);
    const lines = csv.text.replace('\uFEFF', '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      `${b.promoterId},${b.code},active,${b.userId},'=推广员B,138****8000,2,160.00,16000,16.00,1600,3.00,300,10.00,1000,3.00,300,1,10.00,1000,10.00,1000`,
    );
    const owner = await w.t.http.get(`/api/v1/admin/exports/distribution-report?from=${from}&to=${to}`, { token: w.owner });
    expect(owner.text).toContain(',13800138000,');
    // As a job, the same text.
    const job = await w.t.http.get(`/api/v1/admin/exports/distribution-report?from=${from}&to=${to}&mode=job`, { token: viewer });
    expect(job.status).toBe(202);
    await drainJobs(w);
    const file = await w.t.http.get(`/api/v1/admin/exports/${job.body.id}/file`, { token: viewer });
    expect(file.text).toBe(csv.text);
  });
});
