import { OmitType } from '@nestjs/swagger';
import { AddressView } from '@app/auth';
import { PageOf } from '@app/common';
import type { OrderAction, OrderStatus } from '../order-state';
import type { DeliveryMode } from '../order.entity';
import type { PickupStatus } from '../pickup-state';

/** A line as ordered (or as it would be): the SKU's snapshot, its price and quantity. */
export class OrderLineView {
  skuId!: number;
  productId!: number;
  title!: string;
  specText!: string;
  image!: string;
  unitPrice!: number;
  quantity!: number;
  /** unitPrice x quantity. */
  lineTotal!: number;
}

export class OrderItemView extends OrderLineView {
  id!: number;
  /** The item's share of the coupon discount. */
  discountAmount!: number;
  /** lineTotal - discountAmount: what was paid for the item (refunds are shared out of it). */
  paidAmount!: number;
  refundedQuantity!: number;
  refundedAmount!: number;
}

export class ShipmentView {
  id!: number;
  expressCompany!: string;
  trackingNo!: string;
  shippedAt!: string;
}

/** A pick-up order's store, collector and steps. */
export class PickupView {
  storeId!: number;
  storeName!: string;
  pickerName!: string;
  pickerPhone!: string;
  /** preparing (after payment), ready (come and collect), picked_up. */
  status!: PickupStatus;
  /** The buyer's verification code (8 digits), shown to the buyer once the order is paid; never in admin views. */
  code!: string | null;
  /** The same as a QR code's text: `wxmall:pickup:<orderNo>:<code>`. */
  qrPayload!: string | null;
  readyAt!: string | null;
  /** Not collected by then: the operator follows up (refund or extend). */
  dueAt!: string | null;
  pickedUpAt!: string | null;
}

/** The address as it was when the order was placed. */
export class OrderAddressView extends OmitType(AddressView, ['id', 'isDefault'] as const) {}

export class OrderView {
  id!: number;
  orderNo!: string;
  status!: OrderStatus;
  itemsTotal!: number;
  shippingFee!: number;
  /** The coupon's discount. */
  discountTotal!: number;
  /** delivery, or pickup (then `address` is the store's and the collector's, and `pickup` says the rest). */
  deliveryMode!: DeliveryMode;
  pickup!: PickupView | null;
  /** The coupon used (given back if the order is cancelled unpaid). */
  couponId!: number | null;
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

export class AdminOrderPage extends PageOf(AdminOrderListItem) {
  /**
   * True when more orders match than `total` says: counting stops at 10,000 matches (a count over a year of orders
   * would cost more than the page); narrow the filters (status, time range) for an exact number.
   */
  totalCapped!: boolean;
}

export class AdminOrderView extends AdminOrderListItem {
  events!: OrderEventView[];
}
