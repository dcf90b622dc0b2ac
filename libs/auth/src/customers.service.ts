import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock, type Page, pageParams, toPage } from '@app/common';
import { AuthErrors } from './auth.errors';
import { type CustomerOrderStats, CustomerRecords } from './customer-records';
import type { CustomerDetailView, CustomerListQuery, CustomerView } from './dto/customer.dto';
import { toCustomerView } from './dto/customer.mappers';
import { User, type UserStatus } from './user.entity';
import { UsersService } from './users.service';

const LIST_COLUMNS = {
  id: true,
  openid: true,
  nickname: true,
  avatarUrl: true,
  phone: true,
  status: true,
  createdAt: true,
  lastSeenAt: true,
};
const LATEST = 20;

/** /admin/customers: shoppers for the back office: search, their orders and after-sales, disabling. */
@Injectable()
export class CustomersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly records: CustomerRecords,
    private readonly identities: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Newest first; every filter is served by an index; order stats for the whole page in one query. */
  async list(q: CustomerListQuery): Promise<Page<CustomerView>> {
    const { offset, pageSize } = pageParams(q);
    const qb = this.users.createQueryBuilder('u').select(Object.keys(LIST_COLUMNS).map((c) => `u.${c}`));
    if (q.status) qb.andWhere('u.status = :status', { status: q.status });
    if (q.phone) qb.andWhere('u.phone = :phone', { phone: q.phone });
    if (q.openid) qb.andWhere('u.openid = :openid', { openid: q.openid });
    if (q.externalId) qb.andWhere('u.externalId = :externalId', { externalId: q.externalId });
    if (q.nickname) qb.andWhere('u.nickname LIKE :nickname', { nickname: `${escapeLike(q.nickname)}%` });
    const [rows, total] = await qb.orderBy('u.id', 'DESC').skip(offset).take(pageSize).getManyAndCount();
    const stats =
      rows.length > 0 && this.records.orders
        ? await this.records.orders.stats(rows.map((r) => r.id))
        : new Map<number, CustomerOrderStats>();
    return toPage(
      rows.map((r) => toCustomerView(r, stats.get(r.id))),
      total,
      q,
    );
  }

  async detail(id: number): Promise<CustomerDetailView> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw AuthErrors.customerNotFound();
    const [stats, orders, afterSales] = await Promise.all([
      this.records.orders?.stats([id]),
      this.records.orders?.latest(id, LATEST),
      this.records.afterSales?.latest(id, LATEST),
    ]);
    return {
      ...toCustomerView(user, stats?.get(id)),
      externalId: user.externalId,
      statusReason: user.statusReason,
      statusChangedAt: user.statusChangedAt ? user.statusChangedAt.toISOString() : null,
      statusChangedBy: user.statusChangedBy,
      orders: orders ?? [],
      afterSales: afterSales ?? [],
    };
  }

  /**
   * active <-> disabled with a reason, by a conditional update (a second, concurrent change of the same kind is a
   * 409). A disabled shopper still browses; ordering, paying and after-sale are refused at once on every instance
   * (they read the status fresh). The audit log keeps the history; the row keeps the last change.
   */
  async setStatus(adminId: number, id: number, to: UserStatus, reason: string): Promise<CustomerDetailView> {
    const from: UserStatus = to === 'disabled' ? 'active' : 'disabled';
    const res = await this.users.update(
      { id, status: from },
      { status: to, statusReason: reason, statusChangedAt: this.clock.now(), statusChangedBy: adminId },
    );
    if (!res.affected) {
      const user = await this.users.findOne({ where: { id }, select: { id: true, status: true } });
      if (!user) throw AuthErrors.customerNotFound();
      throw AuthErrors.customerStateConflict(user.status, to);
    }
    this.identities.forget(id);
    return this.detail(id);
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
