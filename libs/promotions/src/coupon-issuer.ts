import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { dbValue, execute } from '@app/database';
import { CouponClaim } from './coupon-claim.entity';
import type { CouponActor, CouponStatus } from './coupon-state';
import type { CouponTemplate } from './coupon-template.entity';
import { Coupon } from './coupon.entity';
import { PromotionsErrors } from './promotions.errors';
import { COUNT_CLAIM, COUNT_ISSUED, INSERT_COUPON_EVENT } from './promotions.sql';

const DAY_MS = 86_400_000;

export interface CouponChange {
  couponId: number;
  from: CouponStatus | null;
  to: CouponStatus;
  actor: CouponActor;
  actorId: number | null;
  note: string;
  at: Date;
}

/** Writes a coupon's audit row (its issue and every state change do, in their transaction). */
export async function insertCouponEvent(m: EntityManager, e: CouponChange): Promise<void> {
  await execute(m, INSERT_COUPON_EVENT, [e.couponId, e.from, e.to, e.actor, e.actorId, e.note.slice(0, 255), dbValue(m, e.at)]);
}

/**
 * Issues one coupon of a template to a shopper. `prepare` first, on its own (autocommit): it makes sure the shopper's
 * claim row exists, so that in the transaction concurrent claims of one shopper only ever UPDATE it (taking its lock
 * straight away) instead of upgrading the shared lock a duplicate INSERT takes, which deadlocks them against each other.
 * Then, in the caller's transaction: the shopper's count (a conditional update on the claim row: concurrent claims of
 * one shopper serialize there and stop at the per-user limit), the
 * coupon and its audit row, then the template's issued count LAST (the hot row every claimer of the template updates,
 * held only until the commit; 0 rows = sold out or stopped, and the whole issue rolls back).
 */
@Injectable()
export class CouponIssuer {
  constructor(private readonly ds: DataSource) {}

  async prepare(templateId: number, userId: number): Promise<void> {
    await this.ds.createQueryBuilder().insert().into(CouponClaim).values({ templateId, userId, claimed: 0 }).orIgnore().execute();
  }

  async issue(
    m: EntityManager,
    t: Pick<CouponTemplate, 'id' | 'perUserLimit' | 'validFrom' | 'validTo' | 'validDays'>,
    userId: number,
    source: Coupon['source'],
    actor: { kind: CouponActor; id: number | null },
    now: Date,
  ): Promise<number> {
    if (!(await execute(m, COUNT_CLAIM, [t.id, userId, t.perUserLimit]))) throw PromotionsErrors.claimLimit(t.id, t.perUserLimit);
    const validFrom = t.validFrom ?? now;
    const validTo = t.validTo ?? new Date(now.getTime() + (t.validDays ?? 0) * DAY_MS);
    const { identifiers } = await m.insert(Coupon, {
      templateId: t.id,
      userId,
      status: 'unused',
      validFrom,
      validTo,
      orderId: null,
      usedAt: null,
      source,
      createdAt: now,
      updatedAt: now,
    });
    const couponId = Number((identifiers[0] as { id: number }).id);
    await insertCouponEvent(m, { couponId, from: null, to: 'unused', actor: actor.kind, actorId: actor.id, note: source, at: now });
    if (!(await execute(m, COUNT_ISSUED, [dbValue(m, now), t.id]))) throw PromotionsErrors.soldOut(t.id);
    return couponId;
  }
}
