import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AppConfig, InjectConfig } from '@app/config';
import { AuthService } from './auth.service';
import { AdminAuthService } from './admin-auth.service';
import { clientAddress } from './client-address';
import { AdminAuth, CurrentAdmin, Public, RateLimit } from './decorators';
import type { AdminLoginResult, LoginResult } from './dto/auth.mappers';
import { AdminLoginDto, DevLoginDto, WxLoginDto } from './dto/login.dto';
import type { AdminIdentity } from './identity';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly adminAuth: AdminAuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Post('auth/wx-login')
  @Public()
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({
    summary: 'Exchange a wx.login code for a token',
    description: '400 WX_CODE_INVALID, 403 WX_USER_BLOCKED, 503 WECHAT_UNAVAILABLE; 503 WX_LOGIN_NOT_CONFIGURED without WX_SECRET.',
  })
  @ApiServiceUnavailableResponse({ description: 'WECHAT_UNAVAILABLE (retry), or WX_LOGIN_NOT_CONFIGURED (use dev-login locally)' })
  wxLogin(@Body() dto: WxLoginDto): Promise<LoginResult> {
    return this.auth.wxLogin(dto.code);
  }

  @Post('auth/dev-login')
  @Public()
  @HttpCode(200)
  @RateLimit('login')
  @ApiOperation({ summary: 'Local demo only: log in as any openid', description: '404 when DEV_LOGIN is off.' })
  devLogin(@Body() dto: DevLoginDto): Promise<LoginResult> {
    return this.auth.devLogin(dto.openid);
  }

  @Post('admin/auth/login')
  @Public()
  @HttpCode(200)
  @ApiTags('admin')
  @RateLimit('adminLogin')
  @ApiOperation({
    summary: 'Admin login',
    description:
      '401 INVALID_CREDENTIALS (unknown usernames alike). After ADMIN_LOGIN_MAX_FAILURES failures for a username from one ' +
      'client address, further attempts from it wait ADMIN_LOGIN_DELAY, doubling per failure up to an hour: ' +
      '429 LOGIN_THROTTLED with Retry-After. Other addresses are not affected. The token lives ADMIN_JWT_TTL.',
  })
  @ApiTooManyRequestsResponse({ description: 'LOGIN_THROTTLED or RATE_LIMITED, with Retry-After' })
  adminLogin(@Body() dto: AdminLoginDto, @Req() req: FastifyRequest): Promise<AdminLoginResult> {
    return this.adminAuth.login(dto.username, dto.password, clientAddress(req, this.config.clientIpHeader));
  }

  @Post('admin/auth/logout')
  @AdminAuth('viewer')
  @HttpCode(204)
  @ApiTags('admin')
  @ApiOperation({ summary: 'End this admin token on every instance (it answers 401 from now on)' })
  @ApiNoContentResponse({ description: 'Logged out' })
  adminLogout(@CurrentAdmin() admin: AdminIdentity): Promise<void> {
    return this.adminAuth.logout(admin);
  }
}
