import { Injectable } from '@nestjs/common';
import { Between, DataSource, type FindOptionsWhere, In, LessThan, MoreThanOrEqual } from 'typeorm';
import { UsersService } from '@app/auth';
import { type Page, pageParams, PageQuery, toPage } from '@app/common';
import { OrderAfterSalesService } from '@app/orders';
import { DistributionBinding, DistributionBindingChange } from './binding.entity';
import { Commission } from './commission.entity';
import { DistributionSettingsService } from './distribution-settings.service';
import { DistributionErrors } from './distribution.errors';
import type { AdminBindingQuery, AdminCommissionQuery, AdminPromoterQuery, CommissionQuery, TeamQuery } from './dto/distribution.dto';
import {
  type AdminBindingView,
  type BindingChangeView,
  toBindingChangeView,
  type AdminTeamView,
  type AttributedOrderView,
  type TeamView,
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
    private readonly users: UsersService,
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

  /** Level-1 members (bound to the promoter) and level-2 members (bound to a level-1 member who promotes), with masked nicknames. */
  async team(userId: number, q: TeamQuery): Promise<TeamView> {
    const team = await this.teamOf(await this.promoterOf(userId), q);
    const members = team.members.items.map((r) => ({ nickname: maskNickname(r.nickname), boundAt: r.boundAt }));
    return { ...team, members: { ...team.members, items: members } };
  }

  /** An operator's view of a promoter's team: members named in full, with their user ids. */
  async adminTeam(promoterId: number, q: TeamQuery): Promise<AdminTeamView> {
    const p = await this.ds.manager.findOne(Promoter, { where: { id: promoterId } });
    if (!p) throw DistributionErrors.promoterNotFound();
    return this.teamOf(p, q);
  }

  private async teamOf(p: Promoter, q: TeamQuery): Promise<AdminTeamView> {
    const m = this.ds.manager;
    const level2Of = () =>
      m
        .createQueryBuilder(DistributionBinding, 'b2')
        .innerJoin(Promoter, 'p1', 'p1.id = b2.promoterId')
        .innerJoin(DistributionBinding, 'b1', 'b1.userId = p1.userId AND b1.promoterId = :me', { me: p.id });
    const [level1Count, level2Count] = await Promise.all([
      m.count(DistributionBinding, { where: { promoterId: p.id } }),
      level2Of().getCount(),
    ]);
    const { offset, pageSize } = pageParams(q);
    const level = q.level ?? 1;
    const rows =
      level === 1
        ? await m.find(DistributionBinding, { where: { promoterId: p.id }, order: { id: 'DESC' }, skip: offset, take: pageSize })
        : await level2Of().orderBy('b2.id', 'DESC').offset(offset).limit(pageSize).getMany();
    const names = await this.users.nicknames(rows.map((r) => r.userId));
    const members = rows.map((r) => ({ userId: r.userId, nickname: names.get(r.userId) ?? '', boundAt: r.boundAt.toISOString() }));
    return { level1Count, level2Count, level, members: toPage(members, level === 1 ? level1Count : level2Count, q) };
  }

  /** The orders that earned the promoter commission: per order and level, what is left of it and its status. */
  async attributedOrders(userId: number, q: PageQuery): Promise<Page<AttributedOrderView>> {
    const p = await this.promoterOf(userId);
    const { offset, pageSize } = pageParams(q);
    const base = () => this.ds.manager.createQueryBuilder(Commission, 'c').where('c.promoterId = :id', { id: p.id });
    const total = Number((await base().select('COUNT(DISTINCT c.orderId)', 'n').getRawOne<{ n: number }>())?.n ?? 0);
    const rows = await base()
      .select('c.orderId', 'orderId')
      .addSelect('MIN(c.level)', 'level')
      .addSelect('SUM(c.initialAmount)', 'earned')
      .addSelect('SUM(c.amount)', 'amount')
      .addSelect('MIN(c.status)', 'status')
      .addSelect('MIN(c.createdAt)', 'createdAt')
      .groupBy('c.orderId')
      .orderBy('c.orderId', 'DESC')
      .offset(offset)
      .limit(pageSize)
      .getRawMany<{ orderId: number; level: number; earned: number; amount: number; status: string; createdAt: Date | string }>();
    const items = rows.map((r) => ({
      orderId: Number(r.orderId),
      level: Number(r.level),
      earned: Number(r.earned),
      amount: Number(r.amount),
      createdAt: new Date(r.createdAt).toISOString(),
    }));
    return toPage(items, total, q);
  }

  async adminPromoters(q: AdminPromoterQuery): Promise<Page<AdminPromoterView>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.ds.manager.createQueryBuilder(Promoter, 'p');
    if (q.status) qb.andWhere('p.status = :status', { status: q.status });
    if (q.code) qb.andWhere('p.code = :code', { code: q.code.toUpperCase() });
    if (q.userId) qb.andWhere('p.userId = :userId', { userId: q.userId });
    if (q.keyword) this.users.whereNicknameContains(qb, 'p.userId', q.keyword);
    const [rows, total] = await qb.orderBy('p.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
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
    const names = await this.users.nicknames(rows.map((r) => r.userId));
    return rows.map((p) => ({
      ...toPromoterView(p),
      userId: p.userId,
      nickname: names.get(p.userId) ?? '',
      note: p.note,
      memberCount: countOf.get(p.id) ?? 0,
    }));
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

  /** A shopper's bindings and rebindings, newest first. */
  async bindingChanges(userId: number, q: PageQuery): Promise<Page<BindingChangeView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds.manager.findAndCount(DistributionBindingChange, {
      where: { userId },
      order: { id: 'DESC' },
      skip: offset,
      take: pageSize,
    });
    return toPage(rows.map(toBindingChangeView), total, q);
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

/** The first character and asterisks: members are shown, not identified. */
export function maskNickname(nickname: string): string {
  const chars = Array.from(nickname.trim());
  return chars.length === 0 ? '微信用户' : `${chars[0]}**`;
}
