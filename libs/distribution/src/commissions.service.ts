import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import { AfterSaleOpenRequests } from '@app/after-sale';
import { Clock } from '@app/common';
import { dbValue, execute, insertRows, select, stepStatus, TransactionRunner } from '@app/database';
import { JobRegistry } from '@app/jobs';
import { OrderAfterSalesService, OrderLifecycle, type OrderTransitionEvent } from '@app/orders';
import { WebhookEvents } from '@app/webhooks';
import { RefundsService, type RefundSettledEvent } from '@app/payments';
import { commissionFor, itemPaidAmount, remainingCommission } from './commission-amounts';
import { CommissionRulesService } from './commission-rules.service';
import { Commission } from './commission.entity';
import { toCommissionView } from './dto/distribution.mappers';
import { DistributionSettingsService } from './distribution-settings.service';
import type { CommissionStatus } from './distribution-state';
import {
  COMPLETE_COMMISSIONS,
  INSERT_COMMISSION,
  OWN_ACTIVE_PROMOTER,
  PROMOTER_CHAIN,
  SETTLE_COMMISSION,
  SHRINK_COMMISSION,
} from './distribution.sql';
import { PromoterLedgerService } from './promoter-ledger.service';

export const SETTLE_COMMISSIONS_SWEEP = 'distribution.settle-commissions';
const DAY_MS = 86_400_000;
const SWEEP_BATCH = 200;

/**
 * Commissions follow the order's money, in the transactions that move it:
 * - payment (the order's move to paid): one frozen record per item and level, on the item's paid amount;
 * - completion stamps the time the freeze counts from;
 * - a refund's settlement (after after-sale booked the refunded units on the items) shrinks each commission of the
 *   order to what its unrefunded units earn; after settlement the difference is clawed back from withdrawable;
 * - the sweep settles commissions of orders completed more than the freeze days ago with no after-sale in progress.
 */
@Injectable()
export class CommissionsService implements OnModuleInit {
  private readonly logger = new Logger(CommissionsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly lifecycle: OrderLifecycle,
    private readonly refunds: RefundsService,
    private readonly orders: OrderAfterSalesService,
    private readonly afterSales: AfterSaleOpenRequests,
    private readonly settings: DistributionSettingsService,
    private readonly rules: CommissionRulesService,
    private readonly ledger: PromoterLedgerService,
    private readonly registry: JobRegistry,
    private readonly webhooks: WebhookEvents,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.lifecycle.onTransition((m, e) => this.onOrderTransition(m, e));
    // Registered after after-sale's listener (this module imports after-sale, so after-sale initialises first): by
    // the time this runs, the refunded units are booked on the order items.
    this.refunds.onSettled((m, e) => this.onRefundSettled(m, e));
    this.registry.defineSweep(SETTLE_COMMISSIONS_SWEEP, 10 * 60_000, () => this.settleDue());
  }

  private async onOrderTransition(m: EntityManager, e: OrderTransitionEvent): Promise<void> {
    if (e.to === 'paid') await this.onPaid(m, e);
    else if (e.to === 'completed') {
      const now = dbValue(m, this.clock.now());
      await execute(m, COMPLETE_COMMISSIONS, [now, now, e.orderId]);
    }
  }

  /**
   * Level 1: the buyer (own purchases, when allowed) or the buyer's promoter; level 2: level 1's promoter. Runs in the
   * payment notification's transaction, under the payment's and the order's row locks: plain statements
   * (docs/decisions.md, "When SQL is written by hand"), the chain of promoters in one.
   */
  async onPaid(m: EntityManager, e: Pick<OrderTransitionEvent, 'orderId' | 'orderNo' | 'userId'>): Promise<number> {
    const s = await this.settings.recent(m);
    if (!s.enabled) return 0;
    const now = this.clock.now();
    const at = dbValue(m, now);
    const [own] = s.selfPurchase ? await select(m, OWN_ACTIVE_PROMOTER, [e.userId]) : [];
    const [chain] = await select(m, PROMOTER_CHAIN, [at, e.userId, at]);
    // The buyer's own promoter row earns level 1; then level 2 is the buyer's promoter (the first link of the chain).
    const level1 = own ?? chain;
    if (!level1) return 0;
    const up = own ? chain : chain!.upId === null ? undefined : { id: chain!.upId, userId: chain!.upUserId! };
    const level2 = up && up.id !== level1.id && up.userId !== e.userId ? up : null;
    const items = await this.orders.lines(m, e.orderId);
    const ruleOf = await this.rules.resolver(
      m,
      items.map((i) => i.productId),
    );
    let created = 0;
    for (const item of items) {
      const base = itemPaidAmount(item);
      for (const [level, promoter] of [
        [1, level1],
        [2, level2],
      ] as const) {
        if (!promoter) continue;
        const q = commissionFor(base, item.quantity, level, ruleOf(item.productId, item.skuId), s);
        if (!q) continue;
        const id = await insertRows(m, INSERT_COMMISSION, [
          promoter.id,
          e.orderId,
          item.id,
          e.userId,
          level,
          base,
          item.quantity,
          q.mode,
          q.value,
          q.amount,
          q.amount,
          'frozen' satisfies CommissionStatus,
          null,
          null,
          at,
          at,
        ]);
        await this.ledger.move(m, {
          promoterId: promoter.id,
          type: 'commission_frozen',
          deltas: { frozen: q.amount, total: q.amount },
          ref: { type: 'commission', id },
          note: `order ${e.orderNo} level ${level}`,
        });
        created++;
      }
    }
    return created;
  }

  private async onRefundSettled(m: EntityManager, e: RefundSettledEvent): Promise<void> {
    if (e.status !== 'succeeded') return;
    await this.shrinkToRefunds(m, e.orderId, `refund ${e.refundId}`);
  }

  /**
   * Brings every commission of the order to what its unrefunded units earn (idempotent: it reads the cumulative
   * refunded units). The caller holds the order row (refund settlement locks it first).
   */
  async shrinkToRefunds(m: EntityManager, orderId: number, note: string): Promise<void> {
    const commissions = await m.find(Commission, { where: { orderId, status: Not('cancelled') } });
    if (commissions.length === 0) return;
    const order = await this.orders.load(m, orderId);
    const items = new Map(order.items.map((i) => [i.id, i]));
    const now = dbValue(m, this.clock.now());
    for (const c of commissions) {
      const item = items.get(c.orderItemId);
      if (!item) continue;
      const left = remainingCommission(c.initialAmount, c.quantity, item.refundedQuantity);
      const cut = c.amount - left;
      if (cut <= 0) continue;
      const status = c.status === 'frozen' && left === 0 ? 'cancelled' : c.status;
      if ((await execute(m, SHRINK_COMMISSION, [left, status, now, c.id, c.status, c.amount])) === 0) continue;
      await this.ledger.move(
        m,
        c.status === 'frozen'
          ? {
              promoterId: c.promoterId,
              type: 'commission_shrunk',
              deltas: { frozen: -cut, total: -cut },
              ref: { type: 'commission', id: c.id },
              note,
            }
          : {
              promoterId: c.promoterId,
              type: 'commission_clawback',
              deltas: { withdrawable: -cut, total: -cut },
              ref: { type: 'commission', id: c.id },
              note,
            },
      );
    }
  }

  /** Settles what is due; returns how many commissions it settled. */
  async settleDue(): Promise<number> {
    const s = await this.settings.get();
    const cutoff = new Date(this.clock.now().getTime() - this.settings.freezeDays(s) * DAY_MS);
    const due = await this.ds.manager
      .createQueryBuilder(Commission, 'c')
      .select('DISTINCT c.orderId', 'orderId')
      .where({ status: 'frozen', orderCompletedAt: LessThanOrEqual(cutoff) })
      .andWhere({ orderCompletedAt: Not(IsNull()) })
      .limit(SWEEP_BATCH)
      .getRawMany<{ orderId: number }>();
    let settled = 0;
    for (const { orderId } of due) settled += await this.tx.run((m) => this.settleOrder(m, Number(orderId), cutoff));
    return settled;
  }

  private async settleOrder(m: EntityManager, orderId: number, cutoff: Date): Promise<number> {
    // The order row first, as every money decision on the order: no after-sale can open while this looks.
    const order = await this.orders.load(m, orderId, { lock: true });
    if (order.status !== 'completed' || (await this.afterSales.hasOpen(m, orderId))) return 0;
    const frozen = await m.find(Commission, { where: { orderId, status: 'frozen', orderCompletedAt: LessThanOrEqual(cutoff) } });
    const now = this.clock.now();
    let settled = 0;
    for (const c of frozen) {
      if (!(await stepStatus(m, SETTLE_COMMISSION, c.id, 'frozen', 'settled', { settledAt: now, updatedAt: now }))) continue;
      await this.ledger.move(m, {
        promoterId: c.promoterId,
        type: 'commission_settled',
        deltas: { frozen: -c.amount, withdrawable: c.amount },
        ref: { type: 'commission', id: c.id },
        note: `order ${order.orderNo} settled`,
      });
      await this.webhooks.emit(m, 'commission.settled', `commission:${c.id}`, async () => {
        const settledRow = await m.findOneByOrFail(Commission, { id: c.id });
        const info = await this.orders.itemInfo([c.orderItemId]);
        return { ...toCommissionView(settledRow, info.get(c.orderItemId)), promoterId: c.promoterId, buyerUserId: c.buyerUserId };
      });
      settled++;
    }
    return settled;
  }

  /** Commissions of these orders, for views. */
  async ofOrders(orderIds: number[]): Promise<Commission[]> {
    return orderIds.length ? this.ds.manager.find(Commission, { where: { orderId: In(orderIds) } }) : [];
  }
}
