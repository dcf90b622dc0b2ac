import { Matches } from 'class-validator';
import { IsText } from '@app/common';
import type { AdminView } from './admin-user.dto';
import type { ProfileView } from './update-profile.dto';

export class WxLoginDto {
  /** The code from wx.login(). */
  @IsText(1, 128)
  code!: string;
}

export class DevLoginDto {
  /** Any openid-like string: you become that shopper (local demo only). */
  @IsText(1, 64)
  @Matches(/^[\w-]+$/, { message: 'openid may contain letters, digits, _ and - only' })
  openid!: string;
}

export class AdminLoginDto {
  @IsText(1, 64)
  username!: string;

  @IsText(1, 128)
  password!: string;
}

export class LoginResult {
  /** Send as `Authorization: Bearer <token>`. */
  token!: string;
  expiresAt!: string;
  user!: ProfileView;
}

export class AdminLoginResult {
  /** Send as `Authorization: Bearer <token>`. */
  token!: string;
  expiresAt!: string;
  admin!: AdminView;
}
