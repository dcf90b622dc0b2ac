import type { AddressView } from '@app/auth';
import type { LineProblem } from '../order-pricing';
import { OrderLineView } from './order-view.dto';

export class PricedLineView extends OrderLineView {
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
  discountTotal!: number;
  payAmount!: number;
  /** Lines that cannot be ordered as requested; they are left out of the totals. */
  problems!: LineProblemView[];
  address!: AddressView | null;
  /** True when POST /orders with the same lines would be accepted now (stock can still run out meanwhile). */
  orderable!: boolean;
  /** Every refusal POST /orders would answer for these lines, the first being the one it answers with. */
  blockers!: CheckoutBlocker[];
}
