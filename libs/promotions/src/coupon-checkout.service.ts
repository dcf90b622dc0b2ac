import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dbDate, dbValue, execute, select } from '@app/database';
import { bestCoupon, type CouponLine, type CouponQuote, quoteCoupon } from './coupon-pricing';
import { insertCouponEvent } from './coupon-issuer';
import type { CouponActor } from './coupon-state';
import type { CouponOptionView } from './dto/coupon-view.dto';
import { describeTerms } from './dto/coupon.mappers';
import { PromotionsErrors } from './promotions.errors';
import { LOCK_COUPON, OWN_COUPON, RELEASE_COUPON, USABLE_COUPONS, type UsableCouponRow } from './promotions.sql';

export type { CouponLine } from './coupon-pricing';

/** A coupon applied to an order's lines: its discount and each line's share of it (aligned with the lines). */
export interface AppliedCoupon {
  couponId: number;
  discount: number;
  shares: number[];
}

export interface CouponChoice {
  /** Every usable-now coupon of the shopper, with what it gives on these lines. */
  options: CouponOptionView[];
  /** The one applied: the requested one, else the best; null when none applies (or none was wanted). */
  applied: AppliedCoupon | null;
}

/**
 * What checkout (orders) asks of promotions: price the shopper's coupons on an order's lines, lock the chosen one to
 * the order in the order's transaction, and give it back when the unpaid order is cancelled. `maxDiscount` is the
 * order's floor (the most a coupon may take off: items total + shipping fee - 1 fen, unless free orders are allowed).
 */
@Injectable()
export class CouponCheckout {
  constructor(private readonly ds: DataSource) {}

  /**
   * The preview's coupons. `requested`: undefined = pick the best; null = none; an id = that coupon (409
   * COUPON_NOT_USABLE returned as `refusal` when it cannot apply, and nothing applied).
   */
  async choose(
    userId: number,
    lines: readonly CouponLine[],
    maxDiscount: number,
    requested: number | null | undefined,
    now: Date,
  ): Promise<CouponChoice & { refusal: ReturnType<typeof PromotionsErrors.notUsable> | null }> {
    const m = this.ds.manager;
    const rows = await select(m, USABLE_COUPONS, [userId, dbValue(m, now)]);
    const priced = rows.map((r) => {
      const c = this.row(m, r);
      return { couponId: c.id, validTo: c.validTo, row: c, quote: this.quote(c, lines, maxDiscount, now) };
    });
    const options = priced.map((p): CouponOptionView => ({
      couponId: p.couponId,
      name: p.row.name,
      kind: p.row.kind,
      amount: p.row.amount,
      threshold: p.row.threshold,
      ratePercent: p.row.ratePercent,
      maxDiscount: p.row.maxDiscount,
      scope: p.row.scope,
      description: describeTerms(p.row),
      validFrom: p.row.validFrom.toISOString(),
      validTo: p.validTo.toISOString(),
      discount: p.quote.discount,
      usable: p.quote.reason === null,
      reason: p.quote.reason,
    }));
    if (requested === null) return { options, applied: null, refusal: null };
    if (requested === undefined) {
      const best = bestCoupon(priced);
      return { options, applied: best && applied(best.couponId, best.quote), refusal: null };
    }
    try {
      return { options, applied: await this.applicable(m, userId, requested, lines, maxDiscount, now), refusal: null };
    } catch (err) {
      if (err instanceof Error && 'code' in err && (err as { code: string }).code === 'COUPON_NOT_USABLE')
        return { options, applied: null, refusal: err as ReturnType<typeof PromotionsErrors.notUsable> };
      throw err;
    }
  }

  /** Prices one of the shopper's coupons on the lines, or throws 409 COUPON_NOT_USABLE saying why. */
  async applicable(
    m: EntityManager,
    userId: number,
    couponId: number,
    lines: readonly CouponLine[],
    maxDiscount: number,
    now: Date,
  ): Promise<AppliedCoupon> {
    const [r] = await select(m, OWN_COUPON, [couponId, userId]);
    if (!r) throw PromotionsErrors.notUsable(couponId, 'not_found');
    const c = this.row(m, r);
    if (r.status !== 'unused') throw PromotionsErrors.notUsable(couponId, r.status);
    if (c.validTo <= now) throw PromotionsErrors.notUsable(couponId, 'expired');
    const q = this.quote(c, lines, maxDiscount, now);
    if (q.reason) throw PromotionsErrors.notUsable(couponId, q.reason);
    return applied(couponId, q);
  }

  /**
   * Locks the coupon to the order, in the order's transaction: a conditional update, so of two orders racing for one
   * coupon exactly one gets it and the other is refused (409 COUPON_NOT_USABLE, its transaction rolled back).
   */
  async lockToOrder(m: EntityManager, couponId: number, userId: number, orderId: number, now: Date): Promise<void> {
    const at = dbValue(m, now);
    if (!(await execute(m, LOCK_COUPON, [orderId, at, at, couponId, userId, at, at]))) throw PromotionsErrors.notUsable(couponId, 'used');
    await insertCouponEvent(m, { couponId, from: 'unused', to: 'used', actor: 'user', actorId: userId, note: `order ${orderId}`, at: now });
  }

  /**
   * Gives the coupon back from an unpaid order that was cancelled or expired (never after payment: refunds keep it
   * used). Back to unused; past its window it shows as expired. Returns false when it was not locked to that order.
   */
  async releaseFromOrder(
    m: EntityManager,
    couponId: number,
    orderId: number,
    actor: { kind: CouponActor; id: number | null },
    note: string,
    now: Date,
  ): Promise<boolean> {
    if (!(await execute(m, RELEASE_COUPON, [dbValue(m, now), couponId, orderId]))) return false;
    await insertCouponEvent(m, { couponId, from: 'used', to: 'unused', actor: actor.kind, actorId: actor.id, note, at: now });
    return true;
  }

  private quote(c: Coupon, lines: readonly CouponLine[], maxDiscount: number, now: Date): CouponQuote {
    if (c.validFrom > now) return { eligibleTotal: 0, discount: 0, shares: lines.map(() => 0), reason: 'not_started' };
    return quoteCoupon(c, lines, maxDiscount);
  }

  private row(m: EntityManager, r: UsableCouponRow): Coupon {
    return {
      ...r,
      id: Number(r.id),
      validFrom: dbDate(m, r.validFrom)!,
      validTo: dbDate(m, r.validTo)!,
      amount: Number(r.amount),
      threshold: Number(r.threshold),
      ratePercent: r.ratePercent === null ? null : Number(r.ratePercent),
      maxDiscount: r.maxDiscount === null ? null : Number(r.maxDiscount),
      scopeIds: (typeof r.scopeIds === 'string' ? JSON.parse(r.scopeIds) : r.scopeIds) as number[],
    };
  }
}

type Coupon = Omit<UsableCouponRow, 'scopeIds'> & { scopeIds: number[] };

function applied(couponId: number, q: CouponQuote): AppliedCoupon {
  return { couponId, discount: q.discount, shares: q.shares };
}
