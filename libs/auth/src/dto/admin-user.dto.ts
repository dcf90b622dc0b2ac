import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Clearable, IsText, Optional, PageOf } from '@app/common';
import { ADMIN_ROLES, type AdminRole } from '@app/access';

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
  @Optional()
  @IsText(1, 64)
  boundOpenid?: string;
}

export class UpdateAdminUserDto {
  @Optional()
  @IsIn(ADMIN_ROLES)
  role?: AdminRole;

  @Optional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  /** Resets the password (also unlocks the account and ends existing sessions). */
  @Optional()
  @IsString()
  @MinLength(10)
  @MaxLength(128)
  password?: string;

  /** null unbinds. */
  @Clearable()
  @IsText(1, 64)
  boundOpenid?: string | null;
}

export class AdminView {
  id!: number;
  username!: string;
  role!: AdminRole;
  status!: 'active' | 'disabled';
  /** The WeChat user who may use the admin routes from inside the mini program. */
  boundOpenid!: string | null;
  lastLoginAt!: string | null;
  createdAt!: string;
}

export class AdminUserPage extends PageOf(AdminView) {}
