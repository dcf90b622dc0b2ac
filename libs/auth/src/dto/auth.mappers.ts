import type { Address } from '../address.entity';
import type { AdminUser } from '../admin-user.entity';
import type { User } from '../user.entity';
import type { AddressView } from './address.dto';
import type { AdminView } from './admin-user.dto';
import type { ProfileView } from './update-profile.dto';

export type { AddressView } from './address.dto';
export type { AdminView } from './admin-user.dto';
export type { AdminLoginResult, LoginResult } from './login.dto';
export type { ProfileView } from './update-profile.dto';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toProfile(u: User): ProfileView {
  return {
    id: u.id,
    nickname: u.nickname,
    avatarUrl: u.avatarUrl,
    phone: u.phone,
    externalId: u.externalId,
    createdAt: u.createdAt.toISOString(),
  };
}

export function toAdminView(a: AdminUser): AdminView {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
    storeId: a.storeId,
    status: a.status,
    boundOpenid: a.boundOpenid,
    lastLoginAt: iso(a.lastLoginAt),
    createdAt: a.createdAt.toISOString(),
  };
}

export type AddressSource = Pick<
  Address,
  'id' | 'receiverName' | 'phone' | 'province' | 'city' | 'district' | 'detail' | 'postalCode' | 'isDefault'
>;

export function toAddressView(a: AddressSource): AddressView {
  return {
    id: a.id,
    receiverName: a.receiverName,
    phone: a.phone,
    province: a.province,
    city: a.city,
    district: a.district,
    detail: a.detail,
    postalCode: a.postalCode,
    isDefault: Boolean(a.isDefault),
    fullAddress: `${a.province}${a.city}${a.district}${a.detail}`,
  };
}
