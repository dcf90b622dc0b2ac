import { TransactionRunner } from '@app/database';
import { OrderPaymentsService } from '@app/orders';
import { createAddress, createShopProduct, ledgerMismatches, placeOrder, startTestApp, type TestApp } from '@app/testing';
import { OrderSweepsRunner } from './sweeps';

describe('unpaid order expiry', () => {
  let t: TestApp;
  let t2: TestApp; // a second instance on the same database: two job runners racing
  let owner: string;
  beforeAll(async () => {
    // One shopper holds ten unpaid orders here.
    const env = { ORDER_PAY_MINUTES: '30', MAX_UNPAID_ORDERS: '20' };
    t = await startTestApp({ env });
    t2 = await startTestApp({ database: t.db, wechat: t.wechat, clock: t.clock, env });
    owner = await t.loginAdmin();
  });
  afterAll(async () => {
    await t2?.close();
    await t?.close();
  });

  async function orders(n: number, stock = 50): Promise<{ ids: number[]; skuId: number; token: string }> {
    const u = await t.loginUser();
    const addressId = await createAddress(t, u.token);
    const p = await createShopProduct(t, owner, [{ price: 1000, stock }]);
    const ids: number[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await placeOrder(t, u.token, { items: [{ skuId: p.skuIds[0]!, quantity: 2 }], addressId })).body.id);
    return { ids, skuId: p.skuIds[0]!, token: u.token };
  }

  it('cancels orders past the deadline once, with stock back, even when two runners race', async () => {
    const { ids, skuId, token } = await orders(10);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId])).toEqual([{ stock: 30 }]);
    t.clock.advanceMinutes(29);
    expect(await new OrderSweepsRunner(t).expire()).toBe(0);
    // Not yet expired: pay() is still offered.
    expect((await t.http.get(`/api/v1/orders/${ids[0]}`, { token })).body.actions).toEqual(['pay', 'cancel']);

    t.clock.advanceMinutes(1);
    // Expiry is also enforced lazily: before any sweep, the order already reads as cancelled.
    const lazy = await t.http.get(`/api/v1/orders/${ids[0]}`, { token });
    expect(lazy.body).toMatchObject({ status: 'cancelled', cancelReason: 'expired', actions: ['rebuy'] });
    const [a, b, c] = await Promise.all([
      new OrderSweepsRunner(t).expire(),
      new OrderSweepsRunner(t2).expire(),
      new OrderSweepsRunner(t).expire(),
    ]);
    expect(a + b + c).toBe(10);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId])).toEqual([{ stock: 50 }]);
    expect(await t.sql("SELECT COUNT(*) AS n FROM stock_movement WHERE sku_id = ? AND reason = 'order_cancel'", [skuId])).toEqual([
      { n: 10 },
    ]);
    const rows = await t.sql('SELECT status, cancel_reason FROM orders WHERE id IN (?)', [ids]);
    expect(rows.every((r: { status: string; cancel_reason: string }) => r.status === 'cancelled' && r.cancel_reason === 'expired')).toBe(
      true,
    );
    expect(
      await t.sql("SELECT actor, COUNT(*) AS n FROM order_event WHERE to_status = 'cancelled' AND order_id IN (?) GROUP BY actor", [ids]),
    ).toEqual([{ actor: 'system', n: 10 }]);
    expect(await ledgerMismatches(t)).toEqual([]);
  });

  it('does not cancel an order paid at the last moment; an expired order cannot be paid', async () => {
    const { ids, skuId } = await orders(2);
    const payments = t.app.get(OrderPaymentsService);
    const tx = t.app.get(TransactionRunner);
    const [{ pay_amount: amount, pay_expires_at: deadline }] = await t.sql('SELECT pay_amount, pay_expires_at FROM orders WHERE id = ?', [
      ids[0],
    ]);
    t.clock.set(new Date(deadline).getTime() - 1);
    expect(await tx.run((m) => payments.markPaid(m, ids[0]!, amount, t.clock.now(), 'TEST'))).toBe('paid');
    t.clock.advance(1);
    expect(await tx.run((m) => payments.markPaid(m, ids[1]!, amount, t.clock.now(), 'TEST'))).toBe('paid'); // at the deadline itself
    t.clock.advance(1);
    expect(await new OrderSweepsRunner(t).expire()).toBe(0);
    expect(await t.sql('SELECT status FROM orders WHERE id IN (?) ORDER BY id', [ids])).toEqual([{ status: 'paid' }, { status: 'paid' }]);
    expect(await t.sql('SELECT stock FROM sku WHERE id = ?', [skuId])).toEqual([{ stock: 46 }]);

    const late = await orders(1);
    const [{ pay_expires_at: lateDeadline }] = await t.sql('SELECT pay_expires_at FROM orders WHERE id = ?', [late.ids[0]]);
    t.clock.set(new Date(lateDeadline).getTime() + 1);
    expect(await tx.run((m) => payments.markPaid(m, late.ids[0]!, amount, t.clock.now(), 'TEST'))).toBe('not_payable');
    expect((await t.http.post(`/api/v1/orders/${late.ids[0]}/cancel`, undefined, { token: late.token })).body.cancelReason).toBe('expired');
  });
});
