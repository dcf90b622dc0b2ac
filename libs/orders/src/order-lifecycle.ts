import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrderActor, OrderStatus } from './order-state';

export interface OrderTransitionEvent {
  orderId: number;
  orderNo: string;
  userId: number;
  from: OrderStatus | null;
  to: OrderStatus;
  actor: OrderActor;
  actorId: number | null;
  note: string;
}

export type OrderTransitionListener = (manager: EntityManager, event: OrderTransitionEvent) => Promise<void>;

/**
 * Lets modules that depend on orders (payments, after-sale, notifications) react to every order
 * transition inside its transaction, typically by enqueueing a durable job (close the WeChat Pay
 * order on cancel, upload shipping info on ship). Orders never imports them: they subscribe here.
 */
@Injectable()
export class OrderLifecycle {
  private readonly listeners: OrderTransitionListener[] = [];

  onTransition(listener: OrderTransitionListener): void {
    this.listeners.push(listener);
  }

  async emit(manager: EntityManager, event: OrderTransitionEvent): Promise<void> {
    for (const l of this.listeners) await l(manager, event);
  }
}
