export { AuthModule } from './auth.module';
export {
  ActiveShopper,
  AdminAuth,
  AuditedRead,
  CurrentAdmin,
  CurrentUser,
  Public,
  RateLimit,
  RATE_LIMIT_POLICY,
  ShopperAuth,
  ACCESS_KEY,
  type RateLimitPolicy,
} from './decorators';
export type { Access, AdminIdentity, AdminRole, Identity, ShopperIdentity } from '@app/access';
export { UsersService } from './users.service';
export { ShopperLogins, type LoginListener, type UnlinkedLogin } from './shopper-logins';
export { ProfileChecks, type ProfileImageCheck, type ProfileTextCheck } from './profile-checks';
export { AddressesService } from './addresses.service';
export { IdentityResolver } from './identity.resolver';
export { AuthHousekeeping } from './auth-housekeeping';
export { clientAddress } from './client-address';
export { AuthErrors } from './auth.errors';
export { CustomerRecords, type CustomerAfterSaleSource, type CustomerOrderSource, type CustomerOrderStats } from './customer-records';
export { CustomerAfterSaleView, CustomerOrderView } from './dto/customer.dto';
export { AddressView } from './dto/address.dto';
export type { ProfileView } from './dto/auth.mappers';
export { hashPassword } from './password';
export { RECOVERY_ENTITIES, resetAdminPassword, unlockAdmin, type RecoveredAdmin } from './admin-recovery';
