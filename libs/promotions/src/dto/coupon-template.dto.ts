import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, Max, Min } from 'class-validator';
import { IsFen, IsId, IsQueryId, IsText, Optional, PageQuery } from '@app/common';
import {
  COUPON_CHANNELS,
  COUPON_KINDS,
  COUPON_SCOPES,
  type CouponChannel,
  type CouponKind,
  type CouponScope,
  TEMPLATE_STATUSES,
  type TemplateStatus,
} from '../coupon-template.entity';

/**
 * A coupon template. Its terms are fixed once created (stop it and create another to change them). Kinds:
 * `amount_off` (满减) takes `amount` off from `threshold`; `percent_off` (折扣) charges `ratePercent` percent of the
 * eligible total (85 = 8.5折) from `threshold`, at most `maxDiscount` off; `no_threshold` (无门槛) takes `amount` off.
 * Validity: a fixed window (`validFrom`, `validTo`) or `validDays` after it is claimed.
 */
export class CreateCouponTemplateDto {
  @IsText(1, 64)
  name!: string;

  @IsIn(COUPON_KINDS)
  kind!: CouponKind;

  /** Fen off (amount_off, no_threshold). */
  @Optional()
  @IsFen(1)
  amount?: number;

  /** Least eligible total in fen (amount_off, percent_off); 0 or absent = none. */
  @Optional()
  @IsFen(0)
  threshold?: number;

  /** percent_off: percent of the price paid, 1-99 (85 = 8.5折). */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(99)
  ratePercent?: number;

  /** percent_off: the most it takes off (fen); absent = no cap. */
  @Optional()
  @IsFen(1)
  maxDiscount?: number;

  @IsIn(COUPON_SCOPES)
  scope!: CouponScope;

  /** Category ids (a top category covers its subcategories) or product ids, by scope; absent for `all`. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsId({ each: true })
  scopeIds?: number[];

  /** ISO 8601: the fixed window's start. */
  @Optional()
  @IsISO8601({ strict: true })
  validFrom?: string;

  /** ISO 8601: the fixed window's end (exclusive). */
  @Optional()
  @IsISO8601({ strict: true })
  validTo?: string;

  /** Valid for this many days after it is claimed (instead of a fixed window). */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(3650)
  validDays?: number;

  @IsInt()
  @Min(1)
  @Max(10_000_000)
  totalQuantity!: number;

  @IsInt()
  @Min(1)
  @Max(100)
  perUserLimit!: number;

  @IsIn(COUPON_CHANNELS)
  channel!: CouponChannel;

  /** May combine with other promotions (an order still takes one coupon). Default false. */
  @Optional()
  @IsBoolean()
  stackable?: boolean;
}

export class IssueCouponsDto {
  /** The shoppers (user ids) to give one coupon each. */
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsId({ each: true })
  userIds!: number[];
}

export class RevokeCouponDto {
  @IsText(1, 200)
  reason!: string;
}

export class ClaimCouponDto {
  @IsId()
  templateId!: number;
}

export class AdminCouponTemplateQuery extends PageQuery {
  @Optional()
  @IsIn(TEMPLATE_STATUSES)
  status?: TemplateStatus;
}

export const COUPON_LIST_STATES = ['usable', 'used', 'expired'] as const;

export class CouponListQuery extends PageQuery {
  /** usable (default: usable now or upcoming, expiring first), used, or expired (also revoked ones). */
  @Optional()
  @IsIn(COUPON_LIST_STATES)
  state?: (typeof COUPON_LIST_STATES)[number];
}

export const ADMIN_COUPON_STATES = ['usable', 'used', 'expired', 'revoked'] as const;

export class AdminCouponQuery extends PageQuery {
  @IsQueryId()
  templateId?: number;

  @IsQueryId()
  userId?: number;

  /**
   * usable (unused and not expired, upcoming ones included), used (locked to an order), expired (unused past its
   * window) or revoked.
   */
  @Optional()
  @IsIn(ADMIN_COUPON_STATES)
  state?: (typeof ADMIN_COUPON_STATES)[number];
}

export class ClaimableQuery {
  /** The coupons that apply to this product (product page). */
  @IsQueryId()
  productId?: number;

  /** Comma-separated product ids: the coupons that apply to any of them (the cart's products). Neither: all. */
  @Optional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',').map((v) => (v === '' ? NaN : Number(v))) : value,
  )
  @IsArray()
  @ArrayMaxSize(100)
  @IsId({ each: true })
  productIds?: number[];
}
