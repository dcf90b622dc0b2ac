import { TransactionRunner } from '@app/database';
import { PaymentsService } from '@app/payments';
import { createAddress, createShopProduct, ledgerMismatches, placeOrder, stockMismatches } from '@app/testing';
import { type PayWorld, startPayWorld } from '../payments/pay-fixtures';
import { paidOrder, settleRefund, ship } from './as-fixtures';

describe('after-sale limits and races', () => {
  let w: PayWorld;
  let operator: string;
  beforeAll(async () => {
    w = await startPayWorld({ AFTER_SALE_DAYS: '7' });
    operator = await w.t.createAdmin('operator');
  });
  afterAll(() => w?.close());

  const apply = (token: string, body: Record<string, unknown>) =>
    w.t.http.post('/api/v1/after-sales', { reason: 'other', ...body }, { token });
  const count = async (): Promise<number> => (await w.t.sql('SELECT COUNT(*) AS n FROM after_sale'))[0].n;

  it('refuses each limit with a clear code and writes nothing', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 2 }]);
    const item = o.items[0]!.id;
    const stranger = await w.t.loginUser();
    const before = await count();
    const cases: [string, Promise<any>, number, string][] = [
      [
        'over quantity',
        apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item, quantity: 3 }] }),
        409,
        'AFTER_SALE_QUANTITY_EXCEEDED',
      ],
      [
        'zero quantity',
        apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item, quantity: 0 }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown item',
        apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: 2147483000, quantity: 1 }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'duplicate item',
        apply(o.token, {
          orderId: o.orderId,
          type: 'refund_only',
          items: [
            { orderItemId: item, quantity: 1 },
            { orderItemId: item, quantity: 1 },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        "another user's order",
        apply(stranger.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item, quantity: 1 }] }),
        404,
        'NOT_FOUND',
      ],
      [
        'return before shipping',
        apply(o.token, { orderId: o.orderId, type: 'return_refund', items: [{ orderItemId: item, quantity: 1 }] }),
        409,
        'AFTER_SALE_NOT_ALLOWED',
      ],
      [
        'unknown reason',
        apply(o.token, { orderId: o.orderId, type: 'refund_only', reason: 'because', items: [{ orderItemId: item, quantity: 1 }] }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'too many images',
        apply(o.token, {
          orderId: o.orderId,
          type: 'refund_only',
          images: Array(10).fill('https://img/x.png'),
          items: [{ orderItemId: item, quantity: 1 }],
        }),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, pending, status, code] of cases) {
      const res = await pending;
      expect([what, res.status, res.body.code]).toEqual([what, status, code]);
    }
    expect(await count()).toBe(before);

    // Unpaid orders take no request.
    const addressId = await createAddress(w.t, o.token);
    const p = await createShopProduct(w.t, w.owner, [{ price: 100, stock: 5 }]);
    const unpaid = (await placeOrder(w.t, o.token, { items: [{ skuId: p.skuIds[0]!, quantity: 1 }], addressId })).body;
    const res = await apply(o.token, {
      orderId: unpaid.id,
      type: 'refund_only',
      items: [{ orderItemId: unpaid.items[0].id, quantity: 1 }],
    });
    expect([res.status, res.body.code]).toEqual([409, 'AFTER_SALE_NOT_ALLOWED']);
    expect(await count()).toBe(before);
  });

  it('refuses a second open request on the same item, and requests after the window', async () => {
    const o = await paidOrder(w, [{ price: 2000, quantity: 2 }]);
    const item = o.items[0]!.id;
    expect((await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item, quantity: 1 }] })).status).toBe(
      201,
    );
    const second = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: item, quantity: 1 }] });
    expect([second.status, second.body.code]).toEqual([409, 'AFTER_SALE_ITEM_BUSY']);

    const late = await paidOrder(w, [{ price: 2000, quantity: 1 }]);
    await ship(w, late.orderId);
    await w.t.http.post(`/api/v1/orders/${late.orderId}/confirm-receipt`, undefined, { token: late.token });
    w.t.clock.advanceDays(7);
    w.t.clock.advance(1000);
    const res = await apply(late.token, {
      orderId: late.orderId,
      type: 'return_refund',
      items: [{ orderItemId: late.items[0]!.id, quantity: 1 }],
    });
    expect([res.status, res.body.code]).toEqual([409, 'AFTER_SALE_WINDOW_CLOSED']);
  });

  it('refuses an amount beyond what the payment still holds', async () => {
    const o = await paidOrder(w, [{ price: 5000, quantity: 1 }]);
    await ship(w, o.orderId);
    // A goodwill refund outside after-sale already returned most of the money.
    await w.t.app.get(TransactionRunner).run((m) => w.t.app.get(PaymentsService).refund(m, o.orderId, 4000, 'goodwill'));
    const res = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
    expect([res.status, res.body.code, res.body.details]).toEqual([400, 'AFTER_SALE_AMOUNT_TOO_HIGH', { max: o.payAmount - 4000 }]);
  });

  it('accepts one of two concurrent applications for the last refundable unit', async () => {
    for (let round = 0; round < 5; round++) {
      const o = await paidOrder(w, [{ price: 2000, quantity: 1 }]);
      const body = { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] };
      const results = await Promise.all([apply(o.token, body), apply(o.token, body), apply(o.token, body)]);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(
        results
          .filter((r) => r.status === 409)
          .map((r) => r.body.code)
          .sort(),
      ).toEqual(['AFTER_SALE_ITEM_BUSY', 'AFTER_SALE_ITEM_BUSY']);
    }
  });

  it('approve racing a buyer cancel ends in one consistent state', async () => {
    for (let round = 0; round < 6; round++) {
      const o = await paidOrder(w, [{ price: 2000, quantity: 1 }]);
      const a = await apply(o.token, { orderId: o.orderId, type: 'refund_only', items: [{ orderItemId: o.items[0]!.id, quantity: 1 }] });
      const [approve, cancel] = await Promise.all([
        w.t.http.post(`/api/v1/admin/after-sales/${a.body.id}/approve`, undefined, { token: operator }),
        w.t.http.post(`/api/v1/after-sales/${a.body.id}/cancel`, undefined, { token: o.token }),
      ]);
      const [row] = await w.t.sql('SELECT status, refund_id FROM after_sale WHERE id = ?', [a.body.id]);
      const refunds = await w.t.sql('SELECT id FROM refund WHERE after_sale_id = ?', [a.body.id]);
      if (row.status === 'refunding') {
        expect([approve.status, cancel.status, refunds.length]).toEqual([200, 409, 1]);
        expect(row.refund_id).toBe(refunds[0].id);
      } else {
        expect([row.status, approve.status, cancel.status, refunds.length, row.refund_id]).toEqual(['cancelled', 409, 200, 0, null]);
      }
    }
  });

  it('keeps the invariants after a randomized run', async () => {
    let seed = 42;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const orders = [];
    for (let i = 0; i < 12; i++) {
      const o = await paidOrder(w, [
        { price: 1000 + rnd(5000), quantity: 1 + rnd(3) },
        { price: 500 + rnd(3000), quantity: 1 + rnd(2) },
      ]);
      if (rnd(2)) await ship(w, o.orderId);
      orders.push(o);
    }
    for (let step = 0; step < 40; step++) {
      const o = orders[rnd(orders.length)]!;
      const item = o.items[rnd(o.items.length)]!;
      const res = await apply(o.token, {
        orderId: o.orderId,
        type: 'refund_only',
        items: [{ orderItemId: item.id, quantity: 1 + rnd(item.quantity) }],
      });
      if (res.status !== 201) continue;
      const fate = rnd(5);
      if (fate === 0) await w.t.http.post(`/api/v1/after-sales/${res.body.id}/cancel`, undefined, { token: o.token });
      else if (fate === 1) await w.t.http.post(`/api/v1/admin/after-sales/${res.body.id}/reject`, { reason: 'no' }, { token: operator });
      else {
        await w.t.http.post(
          `/api/v1/admin/after-sales/${res.body.id}/approve`,
          rnd(3) === 0 ? { refundAmount: Math.max(1, Math.floor(res.body.refundAmount / 2)) } : undefined,
          { token: operator },
        );
        await settleRefund(w, res.body.id, rnd(6) === 0 ? 'CLOSED' : 'SUCCESS');
      }
    }
    expect(
      await w.t.sql(
        'SELECT id FROM order_item WHERE refunded_quantity > quantity OR refunded_amount > line_total OR refunded_quantity < 0',
      ),
    ).toEqual([]);
    expect(await w.t.sql('SELECT id FROM orders WHERE refunded_amount > paid_amount OR refunded_amount < 0')).toEqual([]);
    expect(
      await w.t.sql(
        `SELECT i.id FROM order_item i JOIN after_sale_item x ON x.order_item_id = i.id JOIN after_sale a ON a.id = x.after_sale_id
          WHERE a.status IN ('requested','awaiting_return','returning','refunding','refund_failed','refunded')
          GROUP BY i.id, i.quantity HAVING SUM(x.quantity) > i.quantity`,
      ),
    ).toEqual([]);
    expect(
      await w.t.sql(
        `SELECT a.order_id FROM after_sale a WHERE a.status = 'refunded'
          GROUP BY a.order_id HAVING SUM(a.refund_amount) > (SELECT refunded_amount FROM orders WHERE id = a.order_id)`,
      ),
    ).toEqual([]);
    expect(await ledgerMismatches(w.t)).toEqual([]);
    expect(await stockMismatches(w.t)).toEqual([]);
  });
});
