/*
 * Who is calling and what a route admits: the identity types, roles, access decorators and their errors. A low
 * lib (common only), so every lib can declare admin routes without depending on auth's domain (architecture.md);
 * auth resolves identities and enforces the declarations (its global AccessGuard) and re-exports all of this.
 */
export { AccessErrors, type ExternalTokenDefect } from './access.errors';
export { ADMIN_WRITE_AUDIT, isAudited } from './admin-write.interceptor';
export { ACCESS_KEY, ActiveShopper, AdminAuth, AuditedRead, CurrentAdmin, CurrentUser, Public, ShopperAuth } from './decorators';
export type { Access, AdminIdentity, Identity, ShopperIdentity } from './identity';
export { ADMIN_ROLES, roleAllows, type AdminRole } from './roles';
