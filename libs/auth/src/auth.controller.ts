import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiErrors } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { AuthService } from './auth.service';
import { AdminAuthService } from './admin-auth.service';
import { AuthErrors } from './auth.errors';
import { clientAddress } from './client-address';
import { AdminAuth, CurrentAdmin, Public, RateLimit } from './decorators';
import { AdminLoginDto, type AdminLoginResult, DevLoginDto, type LoginResult, WxLoginDto } from './dto/login.dto';
import type { AdminIdentity } from '@app/access';
import { WECHAT_CODE_ERRORS } from './wechat-errors';

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly adminAuth: AdminAuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Exchange a wx.login code for a token.
   * @remarks The shopper is created on first login. Without WX_SECRET (local demo) the answer is 503
   * WX_LOGIN_NOT_CONFIGURED: log in with dev-login instead.
   */
  @Post('auth/wx-login')
  @Public()
  @HttpCode(200)
  @RateLimit('login')
  @ApiTags('auth')
  @ApiOperation({ operationId: 'wxLogin' })
  @ApiErrors(...WECHAT_CODE_ERRORS, AuthErrors.wxLoginNotConfigured, AuthErrors.userDisabled)
  wxLogin(@Body() dto: WxLoginDto): Promise<LoginResult> {
    return this.auth.wxLogin(dto.code);
  }

  /**
   * Local demo only: log in as any openid.
   * @remarks 404 when DEV_LOGIN is off (always in production).
   */
  @Post('auth/dev-login')
  @Public()
  @HttpCode(200)
  @RateLimit('login')
  @ApiTags('auth')
  @ApiOperation({ operationId: 'devLogin' })
  @ApiErrors(AuthErrors.devLoginDisabled, AuthErrors.userDisabled)
  devLogin(@Body() dto: DevLoginDto): Promise<LoginResult> {
    return this.auth.devLogin(dto.openid);
  }

  /**
   * Admin login.
   * @remarks Unknown usernames answer like wrong passwords. After ADMIN_LOGIN_MAX_FAILURES failures for a username
   * from one client address, further attempts from it wait ADMIN_LOGIN_DELAY, doubling per failure up to an hour:
   * 429 LOGIN_THROTTLED with Retry-After. Other addresses are not affected. The token lives ADMIN_JWT_TTL.
   */
  @Post('admin/auth/login')
  @Public()
  @HttpCode(200)
  @RateLimit('adminLogin')
  @ApiTags('admin')
  @ApiOperation({ operationId: 'adminLogin' })
  @ApiErrors(AuthErrors.invalidCredentials, AuthErrors.loginThrottled, AuthErrors.loginBusy)
  adminLogin(@Body() dto: AdminLoginDto, @Req() req: FastifyRequest): Promise<AdminLoginResult> {
    return this.adminAuth.login(dto.username, dto.password, clientAddress(req, this.config.clientIpHeader));
  }

  /** End this admin token on every instance (it answers 401 from now on). */
  @Post('admin/auth/logout')
  @AdminAuth('viewer')
  @HttpCode(204)
  @ApiTags('admin')
  @ApiOperation({ operationId: 'adminLogout' })
  adminLogout(@CurrentAdmin() admin: AdminIdentity): Promise<void> {
    return this.adminAuth.logout(admin);
  }
}
