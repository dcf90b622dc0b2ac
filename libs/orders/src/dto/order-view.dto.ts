import { PageOf } from '@app/common';
import type { OrderAction, OrderStatus } from '../order-state';

export class OrderItemView {
  id!: number;
  skuId!: number;
  productId!: number;
  title!: string;
  specText!: string;
  image!: string;
  unitPrice!: number;
  quantity!: number;
  lineTotal!: number;
  refundedQuantity!: number;
  refundedAmount!: number;
}

export class ShipmentView {
  id!: number;
  expressCompany!: string;
  trackingNo!: string;
  shippedAt!: string;
}

/** The address as it was when the order was placed. */
export class OrderAddressView {
  receiverName!: string;
  phone!: string;
  province!: string;
  city!: string;
  district!: string;
  detail!: string;
  postalCode!: string | null;
  fullAddress!: string;
}

export class OrderView {
  id!: number;
  orderNo!: string;
  status!: OrderStatus;
  itemsTotal!: number;
  shippingFee!: number;
  discountTotal!: number;
  payAmount!: number;
  paidAmount!: number;
  refundedAmount!: number;
  /** Deadline of payment (the shop front counts down to it). */
  payExpiresAt!: string;
  address!: OrderAddressView;
  remark!: string;
  items!: OrderItemView[];
  /** What the shopper may do now (server-driven buttons). */
  actions!: OrderAction[];
  shipments!: ShipmentView[];
  createdAt!: string;
  paidAt!: string | null;
  shippedAt!: string | null;
  completedAt!: string | null;
  cancelledAt!: string | null;
  /** `expired` when the payment deadline passed. */
  cancelReason!: string | null;
}

export class OrderPage extends PageOf(OrderView) {}

/** The shopper's orders per status, for the user center's badges (an unpaid order past its deadline counts as cancelled). */
export class OrderCounts {
  pending_payment!: number;
  paid!: number;
  shipped!: number;
  completed!: number;
  cancelled!: number;
  closed!: number;
}

export class OrderEventView {
  fromStatus!: OrderStatus | null;
  toStatus!: OrderStatus;
  /** user, admin or system. */
  actor!: string;
  actorId!: number | null;
  note!: string;
  createdAt!: string;
}

export class AdminOrderListItem extends OrderView {
  userId!: number;
}

export class AdminOrderPage extends PageOf(AdminOrderListItem) {}

export class AdminOrderView extends AdminOrderListItem {
  events!: OrderEventView[];
}
