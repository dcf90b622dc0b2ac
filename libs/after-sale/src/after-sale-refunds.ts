import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { InventoryService } from '@app/catalog';
import { writeLock } from '@app/database';
import { type AfterSaleOrder, OrderAfterSalesService } from '@app/orders';
import { PaymentsService, RefundsService, type RefundSettledEvent } from '@app/payments';
import { AfterSaleItem } from './after-sale-item.entity';
import { AFTER_SALE_REASONS } from './after-sale-state';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';

/**
 * Money and goods of after-sale requests: the refund through PaymentsService (a durable job talks to
 * WeChat Pay), restocking returned goods through the catalog ledger, and the refund's outcome moving
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
    private readonly transitions: AfterSaleTransitions,
  ) {}

  onModuleInit(): void {
    this.refunds.onSettled((m, e) => this.onRefundSettled(m, e));
  }

  /** Creates the refund for a request entering `refunding` (in the caller's transaction). */
  async startRefund(m: EntityManager, request: AfterSale): Promise<void> {
    const reason = AFTER_SALE_REASONS.find((r) => r.code === request.reason)?.label ?? '售后退款';
    const { refundId } = await this.payments.refund(m, request.orderId, request.refundAmount, reason, request.id);
    await m.update(AfterSale, { id: request.id }, { refundId });
  }

  /** Returned goods go back on the shelf: one `return_restock` ledger row per SKU, once per request. */
  async restock(m: EntityManager, request: AfterSale, order: AfterSaleOrder): Promise<void> {
    const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id } });
    const skuOf = new Map(order.items.map((i) => [i.id, i.skuId]));
    const lines = items.map((i) => ({ skuId: skuOf.get(i.orderItemId)!, quantity: i.quantity }));
    await this.inventory.releaseStock(m, lines, 'return_restock', { type: 'after_sale', id: request.id });
  }

  private async onRefundSettled(m: EntityManager, e: RefundSettledEvent): Promise<void> {
    if (!e.afterSaleId) return;
    const request = await m.findOne(AfterSale, { where: { id: e.afterSaleId }, ...writeLock(m) });
    if (!request || request.status !== 'refunding' || request.refundId !== e.refundId) return;
    if (e.status === 'succeeded') {
      await this.transitions.apply(m, { request, to: 'refunded', actor: 'system', note: `refunded ${e.amount} fen` });
      const items = await m.find(AfterSaleItem, { where: { afterSaleId: request.id } });
      const closed = await this.orders.recordItemRefunds(
        m,
        request.orderId,
        items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity, amount: i.amount })),
        `fully refunded (after-sale ${request.afterSaleNo})`,
      );
      if (closed) this.logger.log({ orderId: request.orderId }, 'order closed: everything refunded');
    } else {
      await this.transitions.apply(m, { request, to: 'refund_failed', actor: 'system', note: `refund ${e.status}` });
    }
  }
}
