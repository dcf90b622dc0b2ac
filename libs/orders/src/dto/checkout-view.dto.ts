import type { AddressView } from '@app/auth';
import type { CouponOptionView } from '@app/promotions';
import type { LineProblem } from '../order-pricing';
import { OrderLineView } from './order-view.dto';

export class PricedLineView extends OrderLineView {
  /** The line's share of the coupon discount. */
  discountAmount!: number;
  /** lineTotal - discountAmount. */
  paidAmount!: number;
  stock!: number;
  /** Why the line cannot be ordered as requested (then it is left out of the totals). */
  problem!: LineProblem | null;
}

export class LineProblemView {
  skuId!: number;
  problem!: LineProblem;
}

/** A reason POST /orders would refuse these lines now: the error it would answer. */
export class CheckoutBlocker {
  code!: string;
  message!: string;
  details?: Record<string, unknown>;
}

export class CheckoutPreview {
  lines!: PricedLineView[];
  itemsTotal!: number;
  shippingFee!: number;
  /** The coupon's discount. */
  discountTotal!: number;
  payAmount!: number;
  /** The coupon applied: the one asked for, else the best usable one; null for none. */
  couponId!: number | null;
  /** The shopper's coupons within their window, each with what it takes off these lines and whether it is usable. */
  coupons!: CouponOptionView[];
  /** Lines that cannot be ordered as requested; they are left out of the totals. */
  problems!: LineProblemView[];
  address!: AddressView | null;
  /** True when POST /orders with the same lines would be accepted now (stock can still run out meanwhile). */
  orderable!: boolean;
  /** Every refusal POST /orders would answer for these lines, the first being the one it answers with. */
  blockers!: CheckoutBlocker[];
}
