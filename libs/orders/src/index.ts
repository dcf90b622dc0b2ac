export { OrdersModule } from './orders.module';
export {
  OrderLifecycle,
  type OrderTransitionEvent,
  type OrderTransitionGuard,
  type OrderTransitionListener,
  type TransitionVeto,
} from './order-lifecycle';
export { OrderPaymentsService, type MarkPaidResult, type PayableOrder, type ShippingFacts } from './order-payments.service';
export { OrderAfterSalesService, type AfterSaleOrder, type AfterSaleOrderItem, type ItemRefund } from './order-after-sales.service';
export { OrderReviewsService, type ReviewableItem } from './order-reviews.service';
export type { OrderAction, OrderActor, OrderStatus } from './order-state';
export { OrdersErrors } from './orders.errors';
export type { OrderView, OrderItemView } from './dto/order.mappers';
