import { Injectable } from '@nestjs/common';
import { Between, DataSource, type FindOptionsWhere, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { type Page, pageParams, toPage } from '@app/common';
import { OrderAfterSalesService } from '@app/orders';
import { DistributionBinding } from './binding.entity';
import { Commission } from './commission.entity';
import { DistributionSettingsService } from './distribution-settings.service';
import { DistributionErrors } from './distribution.errors';
import type { AdminBindingQuery, AdminCommissionQuery, AdminPromoterQuery, CommissionQuery } from './dto/distribution.dto';
import {
  type AdminBindingView,
  type AdminCommissionView,
  type AdminPromoterView,
  type CommissionView,
  type DistributionCenterView,
  type LedgerEntryView,
  toAdminBindingView,
  toBindingView,
  toCommissionView,
  toLedgerView,
  toPromoterView,
} from './dto/distribution.mappers';
import { Promoter, PromoterLedger } from './promoter.entity';

/** What shoppers and operators read of distribution (lists page through indexed columns only). */
@Injectable()
export class DistributionReads {
  constructor(
    private readonly ds: DataSource,
    private readonly settings: DistributionSettingsService,
    private readonly orders: OrderAfterSalesService,
  ) {}

  async center(userId: number): Promise<DistributionCenterView> {
    const m = this.ds.manager;
    const [s, promoter, binding] = await Promise.all([
      this.settings.get(),
      m.findOne(Promoter, { where: { userId } }),
      m.findOne(DistributionBinding, { where: { userId } }),
    ]);
    return {
      enabled: s.enabled,
      promoterApproval: s.promoterApproval,
      promoter: promoter ? toPromoterView(promoter) : null,
      binding: toBindingView(binding),
    };
  }

  /** The promoter of a shopper, or 409 NOT_A_PROMOTER. */
  async promoterOf(userId: number): Promise<Promoter> {
    const p = await this.ds.manager.findOne(Promoter, { where: { userId } });
    if (!p) throw DistributionErrors.notPromoter();
    return p;
  }

  async commissionsOf(userId: number, q: CommissionQuery): Promise<Page<CommissionView>> {
    const p = await this.promoterOf(userId);
    return this.commissionPage({ promoterId: p.id, ...(q.status ? { status: q.status } : {}) }, q);
  }

  async adminCommissions(q: AdminCommissionQuery): Promise<Page<AdminCommissionView>> {
    const where: FindOptionsWhere<Commission> = {
      ...(q.promoterId ? { promoterId: q.promoterId } : {}),
      ...(q.orderId ? { orderId: q.orderId } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...period(q.from, q.to),
    };
    return this.commissionPage(where, q, true);
  }

  private async commissionPage(where: FindOptionsWhere<Commission>, q: CommissionQuery, admin = false): Promise<Page<AdminCommissionView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(Commission, { where, order: { id: 'DESC' }, skip: offset, take: pageSize });
    const info = await this.orders.itemInfo(rows.map((r) => r.orderItemId));
    const items = rows.map((c) => {
      const v = toCommissionView(c, info.get(c.orderItemId));
      return admin ? { ...v, promoterId: c.promoterId, buyerUserId: c.buyerUserId } : (v as AdminCommissionView);
    });
    return toPage(items, total, q);
  }

  async adminPromoters(q: AdminPromoterQuery): Promise<Page<AdminPromoterView>> {
    const { offset, pageSize } = pageParams(q);
    const where: FindOptionsWhere<Promoter> = {
      ...(q.status ? { status: q.status } : {}),
      ...(q.code ? { code: q.code.toUpperCase() } : {}),
      ...(q.userId ? { userId: q.userId } : {}),
    };
    const [rows, total] = await this.ds.manager.findAndCount(Promoter, { where, order: { id: 'DESC' }, skip: offset, take: pageSize });
    return toPage(await this.adminViews(rows), total, q);
  }

  async adminPromoter(id: number): Promise<AdminPromoterView> {
    const p = await this.ds.manager.findOne(Promoter, { where: { id } });
    if (!p) throw DistributionErrors.promoterNotFound();
    return (await this.adminViews([p]))[0]!;
  }

  async adminViews(rows: Promoter[]): Promise<AdminPromoterView[]> {
    if (rows.length === 0) return [];
    const counts = await this.ds.manager
      .createQueryBuilder(DistributionBinding, 'b')
      .select('b.promoterId', 'promoterId')
      .addSelect('COUNT(*)', 'n')
      .where({ promoterId: In(rows.map((r) => r.id)) })
      .groupBy('b.promoterId')
      .getRawMany<{ promoterId: number; n: number }>();
    const countOf = new Map(counts.map((c) => [Number(c.promoterId), Number(c.n)]));
    return rows.map((p) => ({ ...toPromoterView(p), userId: p.userId, nickname: '', note: p.note, memberCount: countOf.get(p.id) ?? 0 }));
  }

  async ledger(promoterId: number, q: { page?: number; pageSize?: number }): Promise<Page<LedgerEntryView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(PromoterLedger, {
      where: { promoterId },
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toLedgerView), total, q);
  }

  async adminBindings(q: AdminBindingQuery): Promise<Page<AdminBindingView>> {
    const { offset, pageSize } = pageParams(q);
    const where = { ...(q.promoterId ? { promoterId: q.promoterId } : {}), ...(q.userId ? { userId: q.userId } : {}) };
    const [rows, total] = await this.ds.manager.findAndCount(DistributionBinding, {
      where,
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toAdminBindingView), total, q);
  }
}

function period(from?: string, to?: string): Pick<FindOptionsWhere<Commission>, 'createdAt'> {
  if (from && to) return { createdAt: Between(new Date(from), new Date(to)) };
  if (from) return { createdAt: MoreThanOrEqual(new Date(from)) };
  if (to) return { createdAt: LessThan(new Date(to)) };
  return {};
}
