import { StateMachine, type TransitionKey } from '@app/common';
import type { OrderActor } from './order-state';

export const PICKUP_STATUSES = ['preparing', 'ready', 'picked_up'] as const;
/** A pick-up order's own steps while the order is paid: prepared at the store, ready, collected (order completed). */
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** Operators or the store's staff (admins) move pick-ups; nothing else does. */
export const PICKUP_TRANSITION_ACTORS: Partial<Record<TransitionKey<PickupStatus>, readonly OrderActor[]>> = {
  'preparing->ready': ['admin'],
  'ready->picked_up': ['admin'],
};

export const pickupStates = new StateMachine<PickupStatus, OrderActor>(
  'pickup',
  { preparing: ['ready'], ready: ['picked_up'], picked_up: [] },
  PICKUP_TRANSITION_ACTORS,
);
