import type { Address } from '../address.entity';
import type { AdminUser } from '../admin-user.entity';
import type { AdminRole } from '../roles';
import type { User } from '../user.entity';

export interface ProfileView {
  id: number;
  nickname: string;
  avatarUrl: string;
  /** The user's own bound phone number (never logged in full). */
  phone: string | null;
  createdAt: string;
}

export interface LoginResult {
  token: string;
  expiresAt: string;
  user: ProfileView;
}

export interface AdminView {
  id: number;
  username: string;
  role: AdminRole;
  status: string;
  boundOpenid: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface AdminLoginResult {
  token: string;
  expiresAt: string;
  admin: AdminView;
}

export interface AddressView {
  id: number;
  receiverName: string;
  phone: string;
  province: string;
  city: string;
  district: string;
  detail: string;
  postalCode: string | null;
  isDefault: boolean;
  /** Province + city + district + detail, ready to print on a parcel. */
  fullAddress: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toProfile(u: User): ProfileView {
  return { id: u.id, nickname: u.nickname, avatarUrl: u.avatarUrl, phone: u.phone, createdAt: u.createdAt.toISOString() };
}

export function toAdminView(a: AdminUser): AdminView {
  return {
    id: a.id,
    username: a.username,
    role: a.role,
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
