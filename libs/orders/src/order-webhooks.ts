import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDate, select } from '@app/database';
import { SettingsService } from '@app/settings';
import { WebhookEvents } from '@app/webhooks';
import { toOrderView, type OrderView } from './dto/order.mappers';
import { OrderPickup } from './order-pickup.entity';
import type { OrderStatus } from './order-state';
import { ORDER_DOCUMENT, ORDER_DOCUMENT_ITEMS, ORDER_DOCUMENT_SHIPMENTS } from './orders.sql';

/** The order events an endpoint may subscribe to: creation, and each state an order reaches. */
const EVENT_OF = {
  created: 'order.created',
  paid: 'order.paid',
  shipped: 'order.shipped',
  completed: 'order.completed',
  cancelled: 'order.cancelled',
  closed: 'order.closed',
} as const satisfies Record<Exclude<OrderStatus, 'pending_payment'> | 'created', string>;

/** What a webhook receiver gets for an order: the admin API's order document (no pick-up code, no history). */
export type OrderDocument = OrderView & { userId: number };

/**
 * Emits an order's events in the transaction of the change, with the document the admin API serves (read through
 * that transaction, so it is the state being committed). Built only when an endpoint subscribes to the type.
 */
@Injectable()
export class OrderWebhooks {
  constructor(
    private readonly webhooks: WebhookEvents,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  emit(m: EntityManager, what: keyof typeof EVENT_OF, orderId: number): Promise<void> {
    return this.webhooks.emit(m, EVENT_OF[what], `order:${orderId}`, () => this.document(m, orderId));
  }

  /**
   * Plain statements (docs/decisions.md, "When SQL is written by hand"): order creation and the payment notification
   * build it, under their row locks. Shipments are read only for an order that shipped (its shipment and its shipped
   * time are written together), the pick-up only for a pick-up order (a rare branch: the repository).
   */
  private async document(m: EntityManager, orderId: number): Promise<OrderDocument> {
    const [row] = await select(m, ORDER_DOCUMENT, [orderId]);
    if (!row) throw new Error(`order ${orderId}: not found for its event`);
    const date = (v: unknown): Date | null => dbDate(m, v);
    const order = {
      ...row,
      address: typeof row.address === 'string' ? (JSON.parse(row.address) as typeof row.address) : row.address,
      payExpiresAt: date(row.payExpiresAt)!,
      paidAt: date(row.paidAt),
      shippedAt: date(row.shippedAt),
      completedAt: date(row.completedAt),
      cancelledAt: date(row.cancelledAt),
      closedAt: date(row.closedAt),
      createdAt: date(row.createdAt)!,
      updatedAt: date(row.updatedAt)!,
    };
    const [items, shipments, pickup] = await Promise.all([
      select(m, ORDER_DOCUMENT_ITEMS, [orderId]),
      order.shippedAt ? select(m, ORDER_DOCUMENT_SHIPMENTS, [orderId]) : [],
      order.deliveryMode === 'pickup' ? m.findOneBy(OrderPickup, { orderId }) : null,
    ]);
    const ctx = { now: this.clock.now(), afterSaleDays: this.settings.current().afterSaleDays, reviewDays: this.config.reviews.reviewDays };
    const shipped = shipments.map((s) => ({ ...s, shippedAt: date(s.shippedAt)! }));
    return { ...toOrderView(order, items, ctx, shipped, pickup), userId: order.userId };
  }
}
