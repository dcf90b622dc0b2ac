import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';
import { Clearable, IsId, IsNested, IsPhone, IsText, Optional } from '@app/common';
import { DELIVERY_MODES, type DeliveryMode } from '../order.entity';

export const MAX_ORDER_LINES = 50;

export class OrderLineDto {
  @IsId()
  skuId!: number;

  @IsInt()
  @Min(1)
  @Max(999)
  quantity!: number;
}

/** The lines of an order: explicit items ("buy now") or the selected cart lines; exactly one of the two. */
class OrderLinesDto {
  /** "Buy now": the lines to order, each SKU once. Leave out when `fromCart` is true. */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ORDER_LINES)
  @IsNested(() => OrderLineDto, { each: true })
  items?: OrderLineDto[];

  /**
   * true: order the cart's selected lines (all of them, as they are now; instead of `items`). The preview prices
   * them and lists in `blockers` anything that would make POST /orders refuse (a selected line out of stock, off
   * sale, over a purchase limit...): unselect or fix those lines first. Creating the order removes the ordered
   * lines from the cart.
   */
  @Optional()
  @Equals(true, { message: 'fromCart must be true when given' })
  fromCart?: true;
}

/** How the order reaches the buyer: delivery to an address (default) or pick-up at a store. */
class DeliveryDto extends OrderLinesDto {
  /** delivery (default) or pickup: collected at `pickupStoreId`, no address and no shipping fee. */
  @Optional()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: DeliveryMode;

  /** The store to collect at (pickup; GET /stores lists them with `pickupEnabled`). */
  @Optional()
  @IsId()
  pickupStoreId?: number;

  /** pickup: who collects the order. */
  @Optional()
  @IsText(1, 32)
  pickerName?: string;

  /** pickup: the collector's mobile number. */
  @Optional()
  @IsPhone()
  pickerPhone?: string;
}

export class CheckoutPreviewDto extends DeliveryDto {
  @Optional()
  @IsId()
  addressId?: number;

  /** The coupon to apply; absent = the best one (the largest discount); null = none. */
  @Clearable()
  @IsId()
  couponId?: number | null;
}

export class CreateOrderDto extends DeliveryDto {
  /** The delivery address (required for delivery, left out for pickup). */
  @Optional()
  @IsId()
  addressId?: number;

  @Optional()
  @IsText(0, 200)
  remark?: string;

  /** The coupon to use (one per order; the preview lists the usable ones and picks the best). Absent: none. */
  @Optional()
  @IsId()
  couponId?: number;
}
