import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@app/common';
import { dbValue, execute, stepStatus } from '@app/database';
import type { OrderEvent } from './order-event.entity';
import { OrderLifecycle, type OrderTransitionEvent } from './order-lifecycle';
import { OrderWebhooks } from './order-webhooks';
import { type OrderActor, type OrderStatus, orderStates } from './order-state';
import type { Order } from './order.entity';
import { INSERT_ORDER_EVENT, ORDER_STEPS } from './orders.sql';

export type OrderStep = keyof typeof ORDER_STEPS;
type StepColumns<K extends OrderStep> = (typeof ORDER_STEPS)[K]['columns'][number];
/** The columns a step sets besides the status and updatedAt. */
export type OrderStepValues<K extends OrderStep> = Omit<Pick<Order, StepColumns<K>>, 'updatedAt'>;

const TARGET: Record<OrderStep, OrderStatus> = {
  paid: 'paid',
  cancelled: 'cancelled',
  expired: 'cancelled',
  shipped: 'shipped',
  completed: 'completed',
  closed: 'closed',
};

export interface TransitionRequest<K extends OrderStep> {
  order: Pick<Order, 'id' | 'orderNo' | 'userId' | 'status'>;
  /** The step (its target state, or `expired`: cancelled only once the deadline has passed). */
  step: K;
  actor: OrderActor;
  actorId?: number | null;
  note?: string;
  values: OrderStepValues<K>;
  /** The parameters of the step's own condition: `paid` the payment time, `expired` now. */
  and?: readonly unknown[];
}

/** Writes an audit row (every order creation and state change does, inside its transaction). */
export async function insertOrderEvent(m: EntityManager, e: Omit<OrderEvent, 'id'>): Promise<void> {
  await execute(m, INSERT_ORDER_EVENT, [e.orderId, e.fromStatus, e.toStatus, e.actor, e.actorId, e.note, dbValue(m, e.createdAt)]);
}

/**
 * The one way an order changes state: a conditional UPDATE on the expected status (a lost race changes no row and
 * returns false), the guards that may veto it (409), the audit row, and the lifecycle listeners, all in the caller's
 * transaction. The table and the actor are checked first; an illegal request is a programming error.
 */
@Injectable()
export class OrderTransitions {
  constructor(
    private readonly lifecycle: OrderLifecycle,
    private readonly webhooks: OrderWebhooks,
    private readonly clock: Clock,
  ) {}

  async apply<K extends OrderStep>(m: EntityManager, req: TransitionRequest<K>): Promise<boolean> {
    const from = req.order.status;
    const to = TARGET[req.step];
    orderStates.assertAllowed(req.actor, from, to, String(req.order.id));
    const now = this.clock.now();
    // (TypeScript cannot see that a generic K's columns are its values plus updatedAt.)
    const values = { ...req.values, updatedAt: now } as unknown as Pick<Order, StepColumns<K>>;
    if (!(await stepStatus(m, ORDER_STEPS[req.step], req.order.id, from, to, values, req.and))) return false;
    const note = req.note ?? '';
    const event: OrderTransitionEvent = {
      orderId: req.order.id,
      orderNo: req.order.orderNo,
      userId: req.order.userId,
      from,
      to,
      actor: req.actor,
      actorId: req.actorId ?? null,
      note,
    };
    // The step holds the order row's lock: a veto rolls the caller's transaction back, the row untouched.
    const veto = await this.lifecycle.veto(m, event);
    if (veto) throw veto;
    await insertOrderEvent(m, {
      orderId: event.orderId,
      fromStatus: from,
      toStatus: to,
      actor: event.actor,
      actorId: event.actorId,
      note,
      createdAt: now,
    });
    await this.lifecycle.emit(m, event);
    if (to !== 'pending_payment') await this.webhooks.emit(m, to, event.orderId);
    return true;
  }
}
