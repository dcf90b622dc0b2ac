import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InventoryService } from '@app/catalog';
import { writeLock } from '@app/database';
import { type AfterSaleOrder, OrderAfterSalesService } from '@app/orders';
import { PaymentsService, RefundsService, type RefundSettledEvent } from '@app/payments';
import { leavesNothingToShip, shippingRefundable } from './after-sale-amounts';
import { AfterSaleItem } from './after-sale-item.entity';
import { AfterSaleReads } from './after-sale-reads';
import { AFTER_SALE_REASONS } from './after-sale-state';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';

/**
 * Money and goods of after-sale requests: the refund through PaymentsService (a durable job talks to
 * WeChat Pay), the shipping fee's share, restocking (returned goods on receipt, units that never shipped on
 * the refund's success) through the catalog ledger, and the refund's outcome moving
 * the request to refunded / refund_failed and booking it on the order items (once: it happens in the
 * refund's own settling transaction, which runs once per refund status change).
 */
@Injectable()
export class AfterSaleRefunds implements OnModuleInit {
  private readonly logger = new Logger(AfterSaleRefunds.name);

  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundsService,
    private readonly inventory: InventoryService,
    private readonly orders: OrderAfterSalesService,
    private readonly reads: AfterSaleReads,
    private readonly transitions: AfterSaleTransitions,
  ) {}

  onModuleInit(): void {
    this.refunds.onSettled((m, e) => this.onRefundSettled(m, e));
  }

  /** Creates the refund for a request entering `refunding` (in the caller's transaction); `reasonText` goes to WeChat Pay. */
  async startRefund(m: EntityManager, request: AfterSale, reasonText?: string): Promise<void> {
    if (request.refundAmount === 0) {
      // Nothing was paid for these units (a 0-fen order, items a coupon covered entirely): no money moves, so nothing
      // goes to WeChat Pay (which refuses 0 fen), and the request settles now as a refund would.
      const settling = await m.findOneOrFail(AfterSale, { where: { id: request.id }, ...writeLock(m) });
      await this.settled(m, settling, 'nothing paid: refunded 0 fen');
      return;
    }
    const reason = reasonText?.slice(0, 80) ?? AFTER_SALE_REASONS.find((r) => r.code === request.reason)?.label ?? '售后退款';
    const { refundId } = await this.payments.refund(m, request.orderId, request.refundAmount, reason, request.id);
    await m.update(AfterSale, { id: request.id }, { refundId });
  }

  /**
   * The shipping fee, decided when money moves (approving a refund-only request, receiving a return): it goes
   * with the refund that leaves nothing of the unshipped order to ship, and with no other. Call it under the
   * order's row lock (so two approvals cannot both miss being last), before the request moves to refunding and
   * before an operator lowers the amount; it rewrites the request's shipping and refund amounts when they change.
   */
  async decideShipping(m: EntityManager, request: AfterSale, order: AfterSaleOrder): Promise<void> {
    const state = await this.reads.stateOf(m, order);
    const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id } });
    const shipping = shippingRefundable(order, state.shippingTaken) && leavesNothingToShip(state.ledger, items) ? order.shippingFee : 0;
    if (shipping === request.shippingAmount) return;
    request.refundAmount = request.refundAmount - request.shippingAmount + shipping;
    request.shippingAmount = shipping;
    await m.update(AfterSale, { id: request.id }, { refundAmount: request.refundAmount, shippingAmount: shipping });
  }

  /**
   * Puts a request's units back on the shelf through the ledger, once per request and reason: `return_restock`
   * when returned goods are received, `refund_restock` when a refund of units that never shipped succeeds.
   */
  async restock(m: EntityManager, request: AfterSale, order: AfterSaleOrder, reason: 'return_restock' | 'refund_restock'): Promise<void> {
    const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id } });
    const skuOf = new Map(order.items.map((i) => [i.id, i.skuId]));
    const lines = items.map((i) => ({ skuId: skuOf.get(i.orderItemId)!, quantity: i.quantity }));
    await this.inventory.releaseStock(m, lines, reason, { type: 'after_sale', id: request.id });
  }

  private async onRefundSettled(m: EntityManager, e: RefundSettledEvent): Promise<void> {
    if (!e.afterSaleId) return;
    const request = await m.findOne(AfterSale, { where: { id: e.afterSaleId }, ...writeLock(m) });
    if (!request || request.status !== 'refunding' || request.refundId !== e.refundId) return;
    if (e.status === 'succeeded') await this.settled(m, request, `refunded ${e.amount} fen`);
    else await this.transitions.apply(m, { request, step: 'refundFailed', actor: 'system', note: `refund ${e.status}`, values: {} });
  }

  /** refunding -> refunded: units that never shipped back on the shelf, the refund booked on the order's items. */
  private async settled(m: EntityManager, request: AfterSale, note: string): Promise<void> {
    await this.transitions.apply(m, { request, step: 'refunded', actor: 'system', note, values: {} });
    // Units that never shipped come back now, when the money has gone back (a failed refund returns nothing).
    // An open refund-only request stops shipping, so "not shipped now" means "not shipped when approved".
    // The order row is locked (settlement locks it first), so shipping cannot slip in between.
    const order = await this.orders.load(m, request.orderId);
    if (order.shippedAt === null) await this.restock(m, request, order, 'refund_restock');
    const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id } });
    const closed = await this.orders.recordItemRefunds(
      m,
      request.orderId,
      items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity, amount: i.amount })),
      `fully refunded (after-sale ${request.afterSaleNo})`,
    );
    if (closed) this.logger.log({ orderId: request.orderId }, 'order closed: everything refunded');
  }
}
