import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsText } from '@app/common';
import { ADMIN_ROLES, type AdminRole } from '../roles';

export class CreateAdminUserDto {
  @IsText(3, 64)
  @Matches(/^[A-Za-z0-9_.@-]+$/, { message: 'username may contain letters, digits and _ . @ - only' })
  username!: string;

  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password!: string;

  @IsIn(ADMIN_ROLES)
  role!: AdminRole;

  /** Openid of the WeChat user who may use the admin routes from inside the mini program. */
  @IsOptional()
  @IsText(1, 64)
  boundOpenid?: string;
}

export class UpdateAdminUserDto {
  @IsOptional()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  /** Resets the password (also unlocks the account and ends existing sessions). */
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password?: string;

  /** null unbinds. */
  @IsOptional()
  @IsText(1, 64)
  boundOpenid?: string | null;
}
