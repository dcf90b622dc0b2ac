import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { CatalogService } from '@app/catalog';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { select, TransactionRunner } from '@app/database';
import { inScope } from './coupon-pricing';
import { CouponIssuer } from './coupon-issuer';
import type { CouponState } from './coupon-state';
import { CouponTemplate } from './coupon-template.entity';
import { Coupon } from './coupon.entity';
import type { ClaimableQuery, CouponListQuery } from './dto/coupon-template.dto';
import type { ClaimableCouponList, CouponView } from './dto/coupon-view.dto';
import { toCouponView, toTermsView } from './dto/coupon.mappers';
import { PromotionsErrors } from './promotions.errors';
import { CLAIMED_OF } from './promotions.sql';

/** Public templates a shop runs at once: a handful; the list reads at most this many. */
const MAX_CLAIMABLE = 100;

/** The shopper's side of coupons: what can be claimed, claiming, and their own coupons. */
@Injectable()
export class CouponsService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly issuer: CouponIssuer,
    private readonly catalog: CatalogService,
    private readonly clock: Clock,
  ) {}

  /** Public, active templates with coupons left, whose window has not ended, that apply to the product or the cart. */
  async claimable(userId: number, q: ClaimableQuery): Promise<ClaimableCouponList> {
    const now = this.clock.now();
    const templates = await this.ds.manager
      .createQueryBuilder(CouponTemplate, 't')
      .where('t.status = :active AND t.channel = :public AND t.issuedCount < t.totalQuantity', { active: 'active', public: 'public' })
      .andWhere(new Brackets((w) => w.where('t.validTo IS NULL').orWhere('t.validTo > :now', { now })))
      .orderBy('t.id', 'DESC')
      .take(MAX_CLAIMABLE)
      .getMany();
    let products: { productId: number; categoryIds: number[] }[] | null = null;
    if (q.productId !== undefined || q.productIds) {
      const ids = [...new Set([...(q.productId !== undefined ? [q.productId] : []), ...(q.productIds ?? [])])];
      const categories = await this.catalog.productCategories(undefined, ids);
      products = ids.map((productId) => ({ productId, categoryIds: categories.get(productId) ?? [] }));
    }
    const applicable = products === null ? templates : templates.filter((t) => products.some((p) => inScope(t, p)));
    const claimed = new Map<number, number>();
    if (applicable.length > 0) {
      const rows = await select(this.ds.manager, CLAIMED_OF(applicable.length), [userId, ...applicable.map((t) => t.id)]);
      for (const r of rows) claimed.set(Number(r.templateId), Number(r.claimed));
    }
    return {
      items: applicable.map((t) => ({
        templateId: t.id,
        ...toTermsView(t),
        validFrom: t.validFrom?.toISOString() ?? null,
        validTo: t.validTo?.toISOString() ?? null,
        validDays: t.validDays,
        remaining: t.totalQuantity - t.issuedCount,
        perUserLimit: t.perUserLimit,
        claimed: claimed.get(t.id) ?? 0,
      })),
    };
  }

  /** Claims one coupon of a public template; concurrent claims never pass its total or the per-user limit. */
  async claim(userId: number, templateId: number): Promise<CouponView> {
    const now = this.clock.now();
    // Channel and window never change; the status and the counts are checked again by the conditional updates.
    const t = await this.ds.manager.findOne(CouponTemplate, { where: { id: templateId } });
    if (!t) throw PromotionsErrors.templateNotFound();
    if (t.channel !== 'public') throw PromotionsErrors.notClaimable(t.id, 'operator_issued');
    if (t.status !== 'active') throw PromotionsErrors.notClaimable(t.id, 'stopped');
    if (t.validTo && t.validTo <= now) throw PromotionsErrors.notClaimable(t.id, 'ended');
    await this.issuer.prepare(t.id, userId);
    const couponId = await this.tx.run((m) => this.issuer.issue(m, t, userId, 'claim', { kind: 'user', id: userId }, now));
    return this.detail(userId, couponId);
  }

  /** The shopper's coupons in one state, those expiring first first (used: latest use first). */
  async mine(userId: number, q: CouponListQuery): Promise<Page<CouponView>> {
    const { offset, pageSize } = pageParams(q);
    const now = this.clock.now();
    const state = q.state ?? 'usable';
    // Shoppers see revoked coupons among the expired ones.
    const qb = whereState(
      this.ds.manager.createQueryBuilder(Coupon, 'c').where('c.userId = :userId', { userId }),
      state === 'expired' ? 'expired_or_revoked' : state,
      now,
    );
    // Usable now before upcoming (few rows per shopper: the sort is cheap), each expiring first first.
    if (state === 'usable') qb.orderBy('CASE WHEN c.validFrom > :now THEN 1 ELSE 0 END', 'ASC').addOrderBy('c.validTo', 'ASC');
    else if (state === 'used') qb.orderBy('c.usedAt', 'DESC');
    else qb.orderBy('c.validTo', 'DESC');
    const [rows, total] = await qb.addOrderBy('c.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    const templates = await this.templatesOf(rows);
    return toPage(
      rows.map((c) => toCouponView(c, templates.get(c.templateId)!, now)),
      total,
      q,
    );
  }

  async detail(userId: number, couponId: number): Promise<CouponView> {
    const c = await this.ds.manager.findOne(Coupon, { where: { id: couponId, userId } });
    if (!c) throw PromotionsErrors.couponNotFound();
    const templates = await this.templatesOf([c]);
    return toCouponView(c, templates.get(c.templateId)!, this.clock.now());
  }

  private async templatesOf(coupons: Coupon[]): Promise<Map<number, CouponTemplate>> {
    const ids = [...new Set(coupons.map((c) => c.templateId))];
    if (ids.length === 0) return new Map();
    const rows = await this.ds.manager.find(CouponTemplate, { where: { id: In(ids) } });
    return new Map(rows.map((t) => [t.id, t]));
  }
}

/**
 * Narrows a query on coupons `c` to a shown state: usable (unused and not expired; upcoming ones too, so a shopper
 * finds a coupon whose window opens later where the starter's usable tab looks), used, expired (unused past its
 * window; for shoppers also the revoked ones) or revoked.
 */
export function whereState<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  state: CouponState | 'expired_or_revoked',
  now: Date,
): SelectQueryBuilder<T> {
  qb.setParameters({ unused: 'unused', used: 'used', revoked: 'revoked', now });
  if (state === 'usable') return qb.andWhere('c.status = :unused AND c.validTo > :now');
  if (state === 'used') return qb.andWhere('c.status = :used');
  if (state === 'revoked') return qb.andWhere('c.status = :revoked');
  if (state === 'expired') return qb.andWhere('c.status = :unused AND c.validTo <= :now');
  return qb.andWhere(new Brackets((w) => w.where('c.status = :unused AND c.validTo <= :now').orWhere('c.status = :revoked')));
}
