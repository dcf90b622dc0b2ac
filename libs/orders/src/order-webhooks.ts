import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { SettingsService } from '@app/settings';
import { WebhookEvents } from '@app/webhooks';
import { toOrderView, type OrderView } from './dto/order.mappers';
import { OrderItem } from './order-item.entity';
import { OrderPickup } from './order-pickup.entity';
import type { OrderStatus } from './order-state';
import { Order } from './order.entity';
import { Shipment } from './shipment.entity';

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

  private async document(m: EntityManager, orderId: number): Promise<OrderDocument> {
    const order = await m.findOneByOrFail(Order, { id: orderId });
    const [items, shipments, pickup] = await Promise.all([
      m.find(OrderItem, { where: { orderId }, order: { id: 'ASC' } }),
      m.find(Shipment, { where: { orderId }, order: { id: 'ASC' } }),
      order.deliveryMode === 'pickup' ? m.findOneBy(OrderPickup, { orderId }) : null,
    ]);
    const ctx = { now: this.clock.now(), afterSaleDays: this.settings.current().afterSaleDays, reviewDays: this.config.reviews.reviewDays };
    return { ...toOrderView(order, items, ctx, shipments, pickup), userId: order.userId };
  }
}
