import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { WechatModule } from '@app/wechat';
import { AccessGuard } from './access.guard';
import { Address } from './address.entity';
import { AddressesController } from './addresses.controller';
import { AddressesService } from './addresses.service';
import { AdminAuthService } from './admin-auth.service';
import { AdminUser } from './admin-user.entity';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { AdminCustomersController } from './admin-customers.controller';
import { CustomerRecords } from './customer-records';
import { CustomersService } from './customers.service';
import { AuthController } from './auth.controller';
import { AuthHousekeeping } from './auth-housekeeping';
import { AuthService } from './auth.service';
import { IdentityResolver } from './identity.resolver';
import { LoginThrottle } from './login-throttle.entity';
import { LoginThrottleService } from './login-throttle.service';
import { MeController } from './me.controller';
import { PasswordHasher } from './password-hasher';
import { ProfileChecks } from './profile-checks';
import { ProfileService } from './profile.service';
import { ExternalTokensService } from './external-tokens.service';
import { RevokedToken } from './revoked-token.entity';
import { ShopperLogins } from './shopper-logins';
import { jwtOptions, TokensService } from './tokens.service';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** Identity for every request (global AccessGuard), shopper and admin accounts, profile and addresses. */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, AdminUser, Address, LoginThrottle, RevokedToken]),
    JwtModule.registerAsync({ inject: [APP_CONFIG], useFactory: jwtOptions }),
    WechatModule,
  ],
  controllers: [AuthController, MeController, AddressesController, AdminUsersController, AdminCustomersController],
  providers: [
    { provide: APP_GUARD, useClass: AccessGuard },
    IdentityResolver,
    TokensService,
    ExternalTokensService,
    ShopperLogins,
    UsersService,
    AuthService,
    ProfileService,
    ProfileChecks,
    PasswordHasher,
    LoginThrottleService,
    AdminAuthService,
    AdminUsersService,
    AddressesService,
    AuthHousekeeping,
    CustomerRecords,
    CustomersService,
  ],
  exports: [
    ShopperLogins,
    UsersService,
    AddressesService,
    TokensService,
    IdentityResolver,
    AuthHousekeeping,
    ProfileChecks,
    CustomerRecords,
  ],
})
export class AuthModule {}
