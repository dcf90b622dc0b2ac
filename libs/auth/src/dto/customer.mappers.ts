import { maskPhone } from '@app/common';
import type { CustomerOrderStats } from '../customer-records';
import type { User } from '../user.entity';
import type { CustomerView } from './customer.dto';

export function maskOpenid(openid: string): string {
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}

export type CustomerSource = Pick<User, 'id' | 'openid' | 'nickname' | 'avatarUrl' | 'phone' | 'status' | 'createdAt' | 'lastSeenAt'>;

export function toCustomerView(u: CustomerSource, stats: CustomerOrderStats | undefined): CustomerView {
  return {
    id: u.id,
    openid: u.openid === null ? null : maskOpenid(u.openid),
    nickname: u.nickname,
    avatarUrl: u.avatarUrl,
    phone: maskPhone(u.phone) ?? null,
    status: u.status,
    orderCount: stats?.orderCount ?? 0,
    totalSpent: stats?.totalSpent ?? 0,
    lastOrderAt: stats?.lastOrderAt ? stats.lastOrderAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
    lastSeenAt: u.lastSeenAt ? u.lastSeenAt.toISOString() : null,
  };
}
