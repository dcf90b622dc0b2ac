import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { UsersService } from '@app/auth';
import { type AppException, Clock, type Page, pageParams, toPage } from '@app/common';
import { execute, TransactionRunner } from '@app/database';
import { CouponIssuer, insertCouponEvent } from './coupon-issuer';
import { whereState } from './coupons.service';
import { CouponTemplate } from './coupon-template.entity';
import { Coupon } from './coupon.entity';
import type { AdminCouponQuery, AdminCouponTemplateQuery, CreateCouponTemplateDto } from './dto/coupon-template.dto';
import type { AdminCouponView, CouponTemplateView, IssueResult } from './dto/coupon-view.dto';
import { toAdminCouponView, toTemplateView } from './dto/coupon.mappers';
import { PromotionsErrors } from './promotions.errors';
import { REVOKE_COUPON } from './promotions.sql';

/** Operators: templates (create, stop), issuing coupons to chosen shoppers, revoking issued coupons. */
@Injectable()
export class CouponTemplatesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly issuer: CouponIssuer,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async create(adminId: number, dto: CreateCouponTemplateDto): Promise<CouponTemplateView> {
    const now = this.clock.now();
    const terms = checkedTerms(dto);
    const { identifiers } = await this.ds.manager.insert(CouponTemplate, {
      name: dto.name,
      ...terms,
      totalQuantity: dto.totalQuantity,
      issuedCount: 0,
      perUserLimit: dto.perUserLimit,
      channel: dto.channel,
      stackable: dto.stackable ?? false,
      status: 'active',
      createdBy: adminId,
      createdAt: now,
      updatedAt: now,
    });
    return this.get((identifiers[0] as { id: number }).id);
  }

  async list(q: AdminCouponTemplateQuery): Promise<Page<CouponTemplateView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(CouponTemplate, {
      where: q.status ? { status: q.status } : {},
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toTemplateView), total, q);
  }

  async get(id: number): Promise<CouponTemplateView> {
    const t = await this.ds.manager.findOne(CouponTemplate, { where: { id } });
    if (!t) throw PromotionsErrors.templateNotFound();
    return toTemplateView(t);
  }

  /** No more coupons are claimed or issued from it; those issued stay valid. Stopping twice is harmless. */
  async stop(id: number): Promise<CouponTemplateView> {
    const res = await this.ds.manager.update(CouponTemplate, { id }, { status: 'stopped', updatedAt: this.clock.now() });
    if (!res.affected) throw PromotionsErrors.templateNotFound();
    return this.get(id);
  }

  /** One coupon to each shopper, each in its own transaction (a shopper at the limit does not stop the others). */
  async issue(adminId: number, templateId: number, userIds: number[]): Promise<IssueResult> {
    const t = await this.ds.manager.findOne(CouponTemplate, { where: { id: templateId } });
    if (!t) throw PromotionsErrors.templateNotFound();
    if (t.status !== 'active') throw PromotionsErrors.templateStopped(t.id);
    const result: IssueResult = { issued: 0, couponIds: [], refused: [] };
    for (const userId of userIds) {
      if (!(await this.users.findById(userId))) {
        result.refused.push({ userId, code: 'NOT_FOUND' });
        continue;
      }
      try {
        await this.issuer.prepare(t.id, userId);
        const id = await this.tx.run((m) => this.issuer.issue(m, t, userId, 'issue', { kind: 'admin', id: adminId }, this.clock.now()));
        result.issued++;
        result.couponIds.push(id);
      } catch (err) {
        const code = (err as AppException).code;
        if (!code) throw err;
        result.refused.push({ userId, code });
      }
    }
    return result;
  }

  async coupons(q: AdminCouponQuery): Promise<Page<AdminCouponView>> {
    const { offset, pageSize } = pageParams(q);
    const now = this.clock.now();
    const qb = this.ds.manager.createQueryBuilder(Coupon, 'c');
    // Each filter is a prefix of an index ending in id: idx_coupon_template_status, idx_coupon_user_status, idx_coupon_status.
    if (q.templateId) qb.andWhere('c.templateId = :templateId', { templateId: q.templateId });
    if (q.userId) qb.andWhere('c.userId = :userId', { userId: q.userId });
    if (q.state) whereState(qb, q.state, now);
    const [rows, total] = await qb.orderBy('c.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    const ids = [...new Set(rows.map((c) => c.templateId))];
    const templates = new Map(
      (ids.length ? await this.ds.manager.find(CouponTemplate, { where: { id: In(ids) } }) : []).map((t) => [t.id, t]),
    );
    return toPage(
      rows.map((c) => toAdminCouponView(c, templates.get(c.templateId)!, now)),
      total,
      q,
    );
  }

  /** unused -> revoked. A coupon locked to an order is not revoked (409): cancel the order first. */
  async revoke(adminId: number, couponId: number, reason: string): Promise<AdminCouponView> {
    await this.tx.run(async (m) => {
      const c = await m.findOne(Coupon, { where: { id: couponId }, select: { id: true, status: true } });
      if (!c) throw PromotionsErrors.couponNotFound();
      const now = this.clock.now();
      if (!(await execute(m, REVOKE_COUPON, [now, couponId]))) throw PromotionsErrors.stateConflict(c.status, 'revoke');
      await insertCouponEvent(m, { couponId, from: 'unused', to: 'revoked', actor: 'admin', actorId: adminId, note: reason, at: now });
    });
    const c = (await this.ds.manager.findOne(Coupon, { where: { id: couponId } }))!;
    const t = (await this.ds.manager.findOne(CouponTemplate, { where: { id: c.templateId } }))!;
    return toAdminCouponView(c, t, this.clock.now());
  }
}

type Terms = Pick<
  CouponTemplate,
  'kind' | 'amount' | 'threshold' | 'ratePercent' | 'maxDiscount' | 'scope' | 'scopeIds' | 'validFrom' | 'validTo' | 'validDays'
>;

/** The template's terms, each kind with exactly the fields it uses (400 naming the field otherwise). */
function checkedTerms(dto: CreateCouponTemplateDto): Terms {
  const bad = (field: string, why: string): never => {
    throw PromotionsErrors.field(field, why);
  };
  if (dto.kind === 'percent_off') {
    if (dto.ratePercent === undefined) bad('ratePercent', 'ratePercent is required for percent_off');
    if (dto.amount !== undefined) bad('amount', 'amount is not used by percent_off');
  } else {
    if (dto.amount === undefined) bad('amount', `amount is required for ${dto.kind}`);
    if (dto.ratePercent !== undefined) bad('ratePercent', 'ratePercent is only for percent_off');
    if (dto.maxDiscount !== undefined) bad('maxDiscount', 'maxDiscount is only for percent_off');
  }
  if (dto.kind === 'no_threshold' && (dto.threshold ?? 0) > 0) bad('threshold', 'no_threshold coupons have no threshold');
  if (dto.kind === 'amount_off' && (dto.threshold ?? 0) < (dto.amount ?? 0))
    bad('threshold', 'threshold must be at least the amount (use no_threshold for coupons without one)');
  const scopeIds = dto.scopeIds ?? [];
  if (dto.scope === 'all' && scopeIds.length > 0) bad('scopeIds', 'scopeIds are not used with scope all');
  if (dto.scope !== 'all' && scopeIds.length === 0) bad('scopeIds', `scopeIds are required with scope ${dto.scope}`);
  const fixed = dto.validFrom !== undefined || dto.validTo !== undefined;
  if (fixed === (dto.validDays !== undefined)) bad('validDays', 'give either validFrom and validTo, or validDays');
  let validFrom: Date | null = null;
  let validTo: Date | null = null;
  if (fixed) {
    if (dto.validFrom === undefined) bad('validFrom', 'validFrom is required with validTo');
    if (dto.validTo === undefined) bad('validTo', 'validTo is required with validFrom');
    validFrom = new Date(dto.validFrom!);
    validTo = new Date(dto.validTo!);
    if (validTo <= validFrom) bad('validTo', 'validTo must be after validFrom');
  }
  return {
    kind: dto.kind,
    amount: dto.amount ?? 0,
    threshold: dto.threshold ?? 0,
    ratePercent: dto.ratePercent ?? null,
    maxDiscount: dto.maxDiscount ?? null,
    scope: dto.scope,
    scopeIds,
    validFrom,
    validTo,
    validDays: dto.validDays ?? null,
  };
}
