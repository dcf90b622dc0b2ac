export { OrdersModule } from './orders.module';
export {
  OrderLifecycle,
  type OrderTransitionEvent,
  type OrderTransitionGuard,
  type OrderTransitionListener,
  type PickupStepEvent,
  type PickupStepListener,
  type TransitionVeto,
} from './order-lifecycle';
export { OrderPaymentsService, type MarkPaidResult, type PayableOrder, type ShippingFacts } from './order-payments.service';
export { OrdersService, type OrderItemMoney } from './orders.service';
export { OrderAfterSalesService, type AfterSaleOrder, type AfterSaleOrderItem, type ItemRefund } from './order-after-sales.service';
export { ORDER_STATUSES, orderStates, type OrderAction, type OrderActor, type OrderStatus } from './order-state';
export { OrdersErrors } from './orders.errors';
export { EXPIRE_SWEEP, AUTO_CONFIRM_SWEEP } from './order-sweeps';
export type { OrderView, OrderItemView } from './dto/order.mappers';
