import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService } from './auth.service';
import { AdminAuthService } from './admin-auth.service';
import { Public } from './decorators';
import type { AdminLoginResult, LoginResult } from './dto/auth.mappers';
import { AdminLoginDto, DevLoginDto, WxLoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller()
@Public()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly adminAuth: AdminAuthService,
  ) {}

  @Post('auth/wx-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a wx.login code for a token' })
  wxLogin(@Body() dto: WxLoginDto): Promise<LoginResult> {
    return this.auth.wxLogin(dto.code);
  }

  @Post('auth/dev-login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Local demo only: log in as any openid' })
  devLogin(@Body() dto: DevLoginDto): Promise<LoginResult> {
    return this.auth.devLogin(dto.openid);
  }

  @Post('admin/auth/login')
  @HttpCode(200)
  @ApiTags('admin')
  @ApiOperation({ summary: 'Admin login; 5 failures lock the account for 15 minutes' })
  adminLogin(@Body() dto: AdminLoginDto): Promise<AdminLoginResult> {
    return this.adminAuth.login(dto.username, dto.password);
  }
}
