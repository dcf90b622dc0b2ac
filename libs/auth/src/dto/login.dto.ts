import { IsText } from '@app/common';
import { Matches } from 'class-validator';

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
