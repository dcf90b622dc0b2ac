import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { transitionRow } from '@app/database';
import { insertOrderEvent } from './order-event.entity';
import { OrderLifecycle } from './order-lifecycle';
import { actorMay, type OrderActor, type OrderStatus } from './order-state';
import { Order } from './order.entity';

export interface TransitionRequest {
  order: Pick<Order, 'id' | 'orderNo' | 'userId' | 'status'>;
  to: OrderStatus;
  actor: OrderActor;
  actorId?: number | null;
  note?: string;
  /** Columns set together with the status (timestamps, amounts). */
  patch?: Partial<Order>;
  /** Extra SQL conditions for the UPDATE (e.g. the payment deadline); named parameters. */
  where?: { sql: string; params: Record<string, unknown> };
}

/**
 * The one way an order changes state: a conditional UPDATE on the expected status (a lost race
 * changes no row and returns false), the audit row, and the lifecycle hooks, all in the caller's
 * transaction. Guards (table + actor) are checked first; an illegal request is a programming error.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly lifecycle: OrderLifecycle,
    private readonly clock: Clock,
  ) {}

  async apply(m: EntityManager, req: TransitionRequest): Promise<boolean> {
    const from = req.order.status;
    if (!actorMay(req.actor, from, req.to)) throw new Error(`order ${req.order.id}: ${req.actor} may not move ${from} -> ${req.to}`);
    const now = this.clock.now();
    if (!(await transitionRow(m, Order, req.order.id, from, req.to, { ...req.patch, updatedAt: now }, req.where))) return false;
    const note = req.note ?? '';
    await insertOrderEvent(m, {
      orderId: req.order.id,
      fromStatus: from,
      toStatus: req.to,
      actor: req.actor,
      actorId: req.actorId ?? null,
      note,
      createdAt: now,
    });
    await this.lifecycle.emit(m, {
      orderId: req.order.id,
      orderNo: req.order.orderNo,
      userId: req.order.userId,
      from,
      to: req.to,
      actor: req.actor,
      actorId: req.actorId ?? null,
      note,
    });
    return true;
  }
}
