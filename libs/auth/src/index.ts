export { AuthModule } from './auth.module';
export { AdminAuth, CurrentAdmin, CurrentUser, Public, ShopperAuth, ACCESS_KEY } from './decorators';
export type { Access, AdminIdentity, Identity, ShopperIdentity } from './identity';
export { ADMIN_ROLES, roleAllows, type AdminRole } from './roles';
export { UsersService } from './users.service';
export { AddressesService } from './addresses.service';
export { TokensService } from './tokens.service';
export type { AddressView, ProfileView } from './dto/auth.mappers';
export { hashPassword } from './password';
