import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppException } from '@app/common';
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

/** A pick-up order became ready at its store, or was collected (payments tells WeChat's shipping-info service). */
export interface PickupStepEvent {
  orderId: number;
  step: 'ready' | 'picked_up';
}
export type PickupStepListener = (manager: EntityManager, event: PickupStepEvent) => Promise<void>;

/**
 * Why a transition may not happen now: an error definition of the vetoing module (or of orders), called and returned,
 * not thrown; orders answers it. The route that runs the transition lists the definition in its documented errors.
 */
export type TransitionVeto = AppException;

/** Returns a veto, or null to let the transition happen. */
export type OrderTransitionGuard = (manager: EntityManager, event: OrderTransitionEvent) => Promise<TransitionVeto | null>;

/**
 * Lets modules that depend on orders (payments, after-sale, notifications) take part in order transitions without
 * orders importing them, inside the transition's transaction:
 * - guards (`registerTransitionGuard`) may veto a transition to a state (after-sale: no shipping while a refund
 *   request is open); they run once the step holds the order row's lock, so what they read cannot change under them;
 * - listeners (`onTransition`) react to every transition, typically by enqueueing a durable job (close the WeChat Pay
 *   order on cancel, upload shipping info on ship).
 */
@Injectable()
export class OrderLifecycle {
  private readonly listeners: OrderTransitionListener[] = [];
  private readonly guards = new Map<OrderStatus, OrderTransitionGuard[]>();
  private readonly pickupListeners: PickupStepListener[] = [];

  onPickupStep(listener: PickupStepListener): void {
    this.pickupListeners.push(listener);
  }

  async emitPickupStep(manager: EntityManager, event: PickupStepEvent): Promise<void> {
    for (const l of this.pickupListeners) await l(manager, event);
  }

  onTransition(listener: OrderTransitionListener): void {
    this.listeners.push(listener);
  }

  registerTransitionGuard(to: OrderStatus, guard: OrderTransitionGuard): void {
    this.guards.set(to, [...(this.guards.get(to) ?? []), guard]);
  }

  /** The first veto of the guards registered for `event.to`, or null. */
  async veto(manager: EntityManager, event: OrderTransitionEvent): Promise<TransitionVeto | null> {
    for (const guard of this.guards.get(event.to) ?? []) {
      const veto = await guard(manager, event);
      if (veto) return veto;
    }
    return null;
  }

  async emit(manager: EntityManager, event: OrderTransitionEvent): Promise<void> {
    for (const l of this.listeners) await l(manager, event);
  }
}
