import { couponFor } from '../promotions/coupon-fixtures';
import {
  DAY,
  balanceMismatches,
  balancesOf,
  bind,
  buyAndPay,
  commissionsOf,
  type PayWorld,
  product,
  promoter,
  refund,
  applyRefund,
  approveAndRefund,
  setSettings,
  settleSweep,
  shipAndComplete,
  shopper,
  startDistWorld,
  withdraw,
} from './dist-fixtures';
import { settleRefund } from '../after-sale/as-fixtures';

describe('commissions', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startDistWorld({}, { bindingMode: 'first_share', freezeDays: null });
  });
  afterAll(() => w?.close());
  afterEach(async () => expect(await balanceMismatches(w.t)).toEqual([]));

  it('one frozen record per item and level on payment: floor(paid x rate), shipping excluded', async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [3333, 999]);
    const o = await buyAndPay(w, buyer, [
      { skuId: p.skuIds[0]!, quantity: 3 },
      { skuId: p.skuIds[1]!, quantity: 1 },
    ]);
    const [a, b] = o.items;
    expect(await commissionsOf(w.t, o.orderId)).toEqual([
      expect.objectContaining({ order_item_id: a!.id, level: 1, promoter_id: mid.promoterId, amount: 999, status: 'frozen' }), // floor(9999 x 10%)
      expect.objectContaining({ order_item_id: a!.id, level: 2, promoter_id: top.promoterId, amount: 499 }), // floor(9999 x 5%)
      expect.objectContaining({ order_item_id: b!.id, level: 1, amount: 99 }),
      expect.objectContaining({ order_item_id: b!.id, level: 2, amount: 49 }),
    ]);
    expect(await balancesOf(w.t, mid.promoterId)).toEqual({
      frozen: 1098,
      withdrawable: 0,
      withdrawing: 0,
      withdrawn: 0,
      total_earned: 1098,
    });
    expect(await balancesOf(w.t, top.promoterId)).toMatchObject({ frozen: 548, total_earned: 548 });
    const mine = await w.t.http.get('/api/v1/distribution/commissions', { token: mid.token });
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.items[0]).toMatchObject({ title: expect.any(String), level: 1 });
  });

  it("with a coupon: each commission is the rate of the item's paid amount (its line total less its share), not of the line total", async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [3333, 999]);
    // 9999 + 999 = 10998; 1000 off shared 909.16 / 90.83: the larger remainder takes the odd fen (909 / 91).
    const couponId = await couponFor(w.t, w.owner, buyer.token, { kind: 'amount_off', amount: 1000, threshold: 10_000 });
    const o = await buyAndPay(
      w,
      buyer,
      [
        { skuId: p.skuIds[0]!, quantity: 3 },
        { skuId: p.skuIds[1]!, quantity: 1 },
      ],
      couponId,
    );
    const [a, b] = o.items;
    expect(o.items.map((i) => [i.lineTotal, i.discountAmount, i.paidAmount])).toEqual([
      [9999, 909, 9090],
      [999, 91, 908],
    ]);
    const rows = await commissionsOf(w.t, o.orderId);
    expect(rows.map((r) => [r.order_item_id, r.level, r.promoter_id, r.initial_amount, r.amount])).toEqual([
      [a!.id, 1, mid.promoterId, 909, 909], // floor(9090 x 10%), not 999 (9999 x 10%)
      [a!.id, 2, top.promoterId, 454, 454], // floor(9090 x 5%) = floor(454.5), not 499
      [b!.id, 1, mid.promoterId, 90, 90], // floor(908 x 10%) = floor(90.8), not 99
      [b!.id, 2, top.promoterId, 45, 45], // floor(908 x 5%) = floor(45.4), not 49
    ]);
    // The same, read from the stored rows: the base is the item's paid amount, and each amount is exactly its rate of it.
    const stored = await w.t.sql<{ base: number; rate: number; amount: number; paid_amount: number; line_total: number }>(
      'SELECT c.base_amount AS base, c.rule_value AS rate, c.amount, oi.paid_amount, oi.line_total ' +
        'FROM commission c JOIN order_item oi ON oi.id = c.order_item_id WHERE c.order_id = ? ORDER BY c.order_item_id, c.level',
      [o.orderId],
    );
    for (const r of stored) {
      expect(Number(r.base)).toBe(Number(r.paid_amount));
      expect(Number(r.paid_amount)).toBeLessThan(Number(r.line_total));
      expect(Number(r.amount)).toBe(Math.floor((Number(r.paid_amount) * Number(r.rate)) / 10_000));
    }
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 909 + 90, total_earned: 909 + 90 });
    expect(await balancesOf(w.t, top.promoterId)).toMatchObject({ frozen: 454 + 45, total_earned: 454 + 45 });
  });

  it('overrides: SKU rule over product rule over settings; fixed x quantity; excluded earns nothing', async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [10_000, 10_000, 10_000]);
    const put = (body: Record<string, unknown>) =>
      w.t.http.put('/api/v1/admin/distribution/commission-rules', { reason: 'campaign', ...body }, { token: w.owner });
    expect((await put({ productId: p.productId, skuId: 0, mode: 'rate', level1: 2000, level2: 0 })).status).toBe(200);
    expect((await put({ productId: p.productId, skuId: p.skuIds[1], mode: 'fixed', level1: 300, level2: 100 })).status).toBe(200);
    expect((await put({ productId: p.productId, skuId: p.skuIds[2], mode: 'excluded', level1: 0, level2: 0 })).status).toBe(200);
    const o = await buyAndPay(
      w,
      buyer,
      p.skuIds.map((skuId) => ({ skuId, quantity: 2 })),
    );
    const rows = await commissionsOf(w.t, o.orderId);
    expect(rows.map((r) => [r.order_item_id, r.level, r.amount])).toEqual([
      [o.items[0]!.id, 1, 4000], // product rate 20%; level 2 rate 0: no record
      [o.items[1]!.id, 1, 600], // 300 x 2
      [o.items[1]!.id, 2, 200],
    ]);
    const audit = await w.t.sql("SELECT reason FROM distribution_settings_change WHERE reason = 'campaign'");
    expect(audit).toHaveLength(3);
  });

  it('self-purchase: off, a promoter buying earns their promoter level 1; on, themself level 1 and their promoter level 2', async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const p = await product(w, [10_000]);
    const off = await buyAndPay(w, mid, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    expect((await commissionsOf(w.t, off.orderId)).map((r) => [r.promoter_id, r.level, r.amount])).toEqual([[top.promoterId, 1, 1000]]);
    await setSettings(w, { selfPurchase: true });
    const on = await buyAndPay(w, mid, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    expect((await commissionsOf(w.t, on.orderId)).map((r) => [r.promoter_id, r.level, r.amount])).toEqual([
      [mid.promoterId, 1, 1000],
      [top.promoterId, 2, 500],
    ]);
    await setSettings(w, { selfPurchase: false });
    const lone = await shopper(w);
    const none = await buyAndPay(w, lone, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    expect(await commissionsOf(w.t, none.orderId)).toEqual([]);
  });

  it('pays through bindings still valid to promoters still active, at each level', async () => {
    await setSettings(w, { bindingDays: 3 });
    const top = await promoter(w);
    const mid = await promoter(w, top); // mid's binding to top ends 3 days from now
    w.t.clock.advance(2 * DAY);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code); // the buyer's ends 3 days after this
    const p = await product(w, [10_000]);
    const earned = async (b: typeof buyer) =>
      (await commissionsOf(w.t, (await buyAndPay(w, b, [{ skuId: p.skuIds[0]!, quantity: 1 }])).orderId)).map((r) => [
        r.promoter_id,
        r.level,
        r.amount,
      ]);
    expect(await earned(buyer)).toEqual([
      [mid.promoterId, 1, 1000],
      [top.promoterId, 2, 500],
    ]);
    w.t.clock.advance(1 * DAY + 1000); // mid's binding has ended, the buyer's has not
    expect(await earned(buyer)).toEqual([[mid.promoterId, 1, 1000]]);
    w.t.clock.advance(2 * DAY); // and now the buyer's
    expect(await earned(buyer)).toEqual([]);

    await setSettings(w, { bindingDays: 0 });
    const top2 = await promoter(w);
    const mid2 = await promoter(w, top2);
    const buyer2 = await shopper(w);
    await bind(w, buyer2, mid2.code);
    const disable = async (x: typeof mid2) =>
      expect(
        (await w.t.http.post(`/api/v1/admin/distribution/promoters/${x.promoterId}/disable`, { reason: 'fraud' }, { token: w.owner })).body
          .status,
      ).toBe('disabled');
    await disable(top2);
    expect(await earned(buyer2)).toEqual([[mid2.promoterId, 1, 1000]]);
    await disable(mid2);
    expect(await earned(buyer2)).toEqual([]);
  });

  it('partial refunds shrink frozen commissions by the cumulative split; a full refund leaves zero (cancelled)', async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [3333]);
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 3 }]);
    const item = o.items[0]!.id;
    // 9999 fen: level 1 = 999, level 2 = 499.
    await refund(w, o, [{ orderItemId: item, quantity: 1 }]);
    expect((await commissionsOf(w.t, o.orderId)).map((r) => [r.amount, r.status])).toEqual([
      [999 - 333, 'frozen'],
      [499 - 166, 'frozen'],
    ]);
    await refund(w, o, [{ orderItemId: item, quantity: 1 }]);
    expect((await commissionsOf(w.t, o.orderId)).map((r) => r.amount)).toEqual([999 - 666, 499 - 332]);
    await refund(w, o, [{ orderItemId: item, quantity: 1 }]);
    expect((await commissionsOf(w.t, o.orderId)).map((r) => [r.amount, r.status])).toEqual([
      [0, 'cancelled'],
      [0, 'cancelled'],
    ]);
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 0, total_earned: 0 });
    expect(await balancesOf(w.t, top.promoterId)).toMatchObject({ frozen: 0, total_earned: 0 });
  });

  it("the shop's own refunds shrink commissions exactly as a buyer's do; closing an order cancels them", async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [3333, 2000]);
    const merchant = (orderId: number, action: 'refunds' | 'close', body: Record<string, unknown>) =>
      w.t.http.post(`/api/v1/admin/orders/${orderId}/${action}`, body, { token: w.owner });
    const figures = async (orderId: number) => (await commissionsOf(w.t, orderId)).map((r) => [r.level, r.amount, r.status]);

    // 3 x 3333 = 9999 fen: level 1 = 999, level 2 = 499. The shop refunds 2 of the 3 units.
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 3 }]);
    const partial = await merchant(o.orderId, 'refunds', { items: [{ orderItemId: o.items[0]!.id, quantity: 2 }], reason: '缺货' });
    expect([partial.status, partial.body.initiator, partial.body.refundAmount]).toEqual([200, 'merchant', 6666]);
    expect(await figures(o.orderId)).toEqual([
      [1, 999, 'frozen'],
      [2, 499, 'frozen'],
    ]); // nothing moves until the money is back
    await settleRefund(w, partial.body.id);
    expect(await figures(o.orderId)).toEqual([
      [1, 999 - 666, 'frozen'],
      [2, 499 - 332, 'frozen'],
    ]);
    // The last unit, refunded by the shop without naming items (everything left): nothing is left to earn.
    const rest = await merchant(o.orderId, 'refunds', { reason: '缺货' });
    expect([rest.status, rest.body.refundAmount]).toEqual([200, 3333 + 800]); // the shipping fee goes with the last unit
    await settleRefund(w, rest.body.id);
    expect(await figures(o.orderId)).toEqual([
      [1, 0, 'cancelled'],
      [2, 0, 'cancelled'],
    ]);

    // Another order the shop cannot ship: closing it refunds it all, and every commission of it ends cancelled.
    const o2 = await buyAndPay(w, buyer, [
      { skuId: p.skuIds[0]!, quantity: 1 },
      { skuId: p.skuIds[1]!, quantity: 2 },
    ]);
    expect(await figures(o2.orderId)).toEqual([
      [1, 333, 'frozen'],
      [2, 166, 'frozen'],
      [1, 400, 'frozen'],
      [2, 200, 'frozen'],
    ]);
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 733, total_earned: 733 });
    const closed = await merchant(o2.orderId, 'close', { reason: '无法发货' });
    expect([closed.status, closed.body.refundAmount]).toEqual([200, 3333 + 4000 + 800]);
    await settleRefund(w, closed.body.id);
    expect(await w.t.sql('SELECT status FROM orders WHERE id = ?', [o2.orderId])).toEqual([{ status: 'closed' }]);
    expect(await figures(o2.orderId)).toEqual([
      [1, 0, 'cancelled'],
      [2, 0, 'cancelled'],
      [1, 0, 'cancelled'],
      [2, 0, 'cancelled'],
    ]);
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 0, withdrawable: 0, total_earned: 0 });
    expect(await balancesOf(w.t, top.promoterId)).toMatchObject({ frozen: 0, withdrawable: 0, total_earned: 0 });
  });

  it('settles only after the freeze and never with an after-sale open; a refund after settlement claws back below zero', async () => {
    const mid = await promoter(w);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [5000]);
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 2 }]);
    await shipAndComplete(w, o);
    // Default freeze: the after-sale window (7 days).
    w.t.clock.advance(7 * DAY - 60_000);
    await settleSweep(w);
    expect((await commissionsOf(w.t, o.orderId))[0]!.status).toBe('frozen');
    const open = await applyRefund(w, o, [{ orderItemId: o.items[0]!.id, quantity: 1 }]);
    w.t.clock.advance(2 * 60_000);
    await settleSweep(w);
    expect((await commissionsOf(w.t, o.orderId))[0]!.status).toBe('frozen');
    await approveAndRefund(w, open);
    await settleSweep(w);
    expect((await commissionsOf(w.t, o.orderId))[0]).toMatchObject({ status: 'settled', amount: 500 });
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 0, withdrawable: 500, total_earned: 500 });

    // A shorter freeze than the window: settled early, then the rest is refunded.
    await setSettings(w, { freezeDays: 1 });
    const o2 = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 2 }]);
    await shipAndComplete(w, o2);
    w.t.clock.advance(DAY + 1000);
    expect(await settleSweep(w)).toBeGreaterThan(0);
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ withdrawable: 1500 });
    expect((await withdraw(w, mid, 1400)).status).toBe(201);
    await refund(w, o2, [{ orderItemId: o2.items[0]!.id, quantity: 2 }]);
    expect((await commissionsOf(w.t, o2.orderId))[0]).toMatchObject({ status: 'settled', amount: 0 });
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ withdrawable: 100 - 1000, total_earned: 500 });
    const ledger = await w.t.sql(
      "SELECT type, withdrawable_delta FROM promoter_ledger WHERE promoter_id = ? AND type = 'commission_clawback'",
      [mid.promoterId],
    );
    expect(ledger).toEqual([{ type: 'commission_clawback', withdrawable_delta: -1000 }]);
    await setSettings(w, { freezeDays: null });
  });

  it("freezes, unless set, for the after-sale window the shop's runtime settings give now", async () => {
    const shop = (afterSaleDays: number | null) => w.t.http.patch('/api/v1/admin/settings', { afterSaleDays }, { token: w.owner });
    expect((await shop(2)).status).toBe(200); // the environment says 7
    const distribution = await w.t.http.get('/api/v1/admin/distribution/settings', { token: w.owner });
    expect([distribution.body.freezeDays, distribution.body.effectiveFreezeDays]).toEqual([null, 2]);
    const mid = await promoter(w);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [5000]);
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    await shipAndComplete(w, o);
    w.t.clock.advance(2 * DAY - 60_000);
    await settleSweep(w);
    expect((await commissionsOf(w.t, o.orderId))[0]!.status).toBe('frozen');
    w.t.clock.advance(2 * 60_000);
    await settleSweep(w);
    expect((await commissionsOf(w.t, o.orderId))[0]).toMatchObject({ status: 'settled', amount: 500 });
    expect(await balancesOf(w.t, mid.promoterId)).toMatchObject({ frozen: 0, withdrawable: 500 });
    expect((await shop(null)).status).toBe(200);
  });
});

describe('promoter center: team and attributed orders', () => {
  let w: PayWorld;
  beforeAll(async () => {
    w = await startDistWorld();
  });
  afterAll(() => w?.close());

  it('pays by the settings this instance read at most SETTINGS_REFRESH_MS ago (issue 14: no settings read per payment)', async () => {
    const mid = await promoter(w);
    const buyer = await shopper(w);
    await bind(w, buyer, mid.code);
    const p = await product(w, [10_000]);
    const line = [{ skuId: p.skuIds[0]!, quantity: 1 }];
    await buyAndPay(w, buyer, line); // this instance has just read the settings
    // Another instance changes the rate (straight in the row, as its commit would leave it).
    const [row] = await w.t.sql('SELECT document FROM distribution_settings WHERE id = 1');
    const doc = typeof row.document === 'string' ? JSON.parse(row.document) : row.document;
    await w.t.sql('UPDATE distribution_settings SET document = ?, version = version + 1 WHERE id = 1', [
      JSON.stringify({ ...doc, level1RateBp: 2000 }),
    ]);
    const before = await buyAndPay(w, buyer, line);
    expect((await commissionsOf(w.t, before.orderId)).map((r) => r.amount)).toEqual([1000]);
    w.t.clock.advance(2000); // SETTINGS_REFRESH_MS
    const after = await buyAndPay(w, buyer, line);
    expect((await commissionsOf(w.t, after.orderId)).map((r) => r.amount)).toEqual([2000]);
    await setSettings(w, { level1RateBp: 1000 }); // this instance follows its own change at once
    const back = await buyAndPay(w, buyer, line);
    expect((await commissionsOf(w.t, back.orderId)).map((r) => r.amount)).toEqual([1000]);
  });

  it('counts both levels, masks nicknames, lists the orders that earned commission', async () => {
    const top = await promoter(w);
    const mid = await promoter(w, top);
    const buyer = await shopper(w);
    await w.t.http.patch('/api/v1/me', { nickname: '张三丰' }, { token: buyer.token });
    await bind(w, buyer, mid.code);
    const team = await w.t.http.get('/api/v1/distribution/team', { token: top.token });
    expect(team.body).toMatchObject({ level1Count: 1, level2Count: 1, level: 1 });
    const two = await w.t.http.get('/api/v1/distribution/team?level=2', { token: top.token });
    expect(two.body.members.items).toEqual([{ nickname: '张**', boundAt: expect.any(String) }]);
    const p = await product(w, [2000]);
    const o = await buyAndPay(w, buyer, [{ skuId: p.skuIds[0]!, quantity: 1 }]);
    const orders = await w.t.http.get('/api/v1/distribution/orders', { token: top.token });
    expect(orders.body.items).toEqual([{ orderId: o.orderId, level: 2, earned: 100, amount: 100, createdAt: expect.any(String) }]);
    expect((await w.t.http.get('/api/v1/distribution/team', { token: buyer.token })).body.code).toBe('NOT_A_PROMOTER');
  });

  it("an operator sees a promoter's team named in full, with user ids; promoters are listed with their nicknames", async () => {
    const top = await promoter(w);
    await w.t.http.patch('/api/v1/me', { nickname: '李推广' }, { token: top.token });
    const mid = await promoter(w, top);
    await w.t.http.patch('/api/v1/me', { nickname: '王中间' }, { token: mid.token });
    const buyers = [await shopper(w), await shopper(w)];
    for (const [i, b] of buyers.entries()) {
      await w.t.http.patch('/api/v1/me', { nickname: `赵买家${i}` }, { token: b.token });
      await bind(w, b, mid.code);
    }
    const viewer = await w.t.createAdmin('viewer');
    const one = await w.t.http.get(`/api/v1/admin/distribution/promoters/${top.promoterId}/team`, { token: viewer });
    expect(one.body).toMatchObject({ level1Count: 1, level2Count: 2, level: 1 });
    expect(one.body.members.items).toEqual([{ userId: mid.userId, nickname: '王中间', boundAt: expect.any(String) }]);
    const two = await w.t.http.get(`/api/v1/admin/distribution/promoters/${top.promoterId}/team?level=2&pageSize=1`, { token: viewer });
    expect(two.body.members).toMatchObject({ total: 2, items: [{ userId: buyers[1]!.userId, nickname: '赵买家1' }] });
    expect((await w.t.http.get('/api/v1/admin/distribution/promoters/999999/team', { token: viewer })).status).toBe(404);
    expect((await w.t.http.get(`/api/v1/admin/distribution/promoters/${top.promoterId}/team`, { token: top.token })).status).toBe(403);
    const listed = await w.t.http.get(`/api/v1/admin/distribution/promoters/${top.promoterId}`, { token: viewer });
    expect(listed.body).toMatchObject({ nickname: '李推广', memberCount: 1 });
  });
});
