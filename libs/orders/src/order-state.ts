import { StateMachine, type TransitionKey } from '@app/common';

export const ORDER_STATUSES = ['pending_payment', 'paid', 'shipped', 'completed', 'cancelled', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export type OrderActor = 'user' | 'admin' | 'system' | 'wechat';

/** Who may cause each transition (the guard beside the table). */
export const ORDER_TRANSITION_ACTORS: Partial<Record<TransitionKey<OrderStatus>, readonly OrderActor[]>> = {
  'pending_payment->paid': ['wechat', 'system'],
  'pending_payment->cancelled': ['user', 'admin', 'system'],
  'paid->shipped': ['admin'],
  'paid->closed': ['system', 'admin'],
  'shipped->completed': ['user', 'system'],
  'shipped->closed': ['system', 'admin'],
  'completed->closed': ['system', 'admin'],
};

/** domain.md "Order states". cancelled and closed are terminal. */
export const orderStates = new StateMachine<OrderStatus, OrderActor>(
  'order',
  {
    pending_payment: ['paid', 'cancelled'],
    paid: ['shipped', 'closed'],
    shipped: ['completed', 'closed'],
    completed: ['closed'],
    cancelled: [],
    closed: [],
  },
  ORDER_TRANSITION_ACTORS,
);

export function actorMay(actor: OrderActor, from: OrderStatus, to: OrderStatus): boolean {
  return orderStates.allows(actor, from, to);
}

/** Buttons the shopper may press now (server-driven, as the shop front expects). */
export type OrderAction = 'pay' | 'cancel' | 'confirm_receipt' | 'apply_after_sale' | 'review' | 'rebuy';
