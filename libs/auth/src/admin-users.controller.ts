import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, IdPipe, PageQuery } from '@app/common';
import { AdminUsersService } from './admin-users.service';
import { AuthErrors } from './auth.errors';
import { AdminAuth } from './decorators';
import { type AdminUserPage, type AdminView, CreateAdminUserDto, UpdateAdminUserDto } from './dto/admin-user.dto';

@ApiTags('admin')
@Controller('admin/admin-users')
@AdminAuth('owner')
export class AdminUsersController {
  constructor(private readonly adminUsers: AdminUsersService) {}

  /** Admin accounts. */
  @Get()
  @ApiOperation({ operationId: 'adminListAdminUsers' })
  list(@Query() q: PageQuery): Promise<AdminUserPage> {
    return this.adminUsers.list(q);
  }

  /** One admin account. */
  @Get(':id')
  @ApiOperation({ operationId: 'adminGetAdminUser' })
  @ApiErrors(AuthErrors.adminUserNotFound)
  get(@Param('id', IdPipe) id: number): Promise<AdminView> {
    return this.adminUsers.get(id);
  }

  /** Create an admin account, optionally bound to a WeChat user's openid. */
  @Post()
  @ApiOperation({ operationId: 'adminCreateAdminUser' })
  @ApiErrors(AuthErrors.usernameTaken, AuthErrors.openidBound)
  create(@Body() dto: CreateAdminUserDto): Promise<AdminView> {
    return this.adminUsers.create(dto);
  }

  /**
   * Change an account's role, status, password or bound openid.
   * @remarks A new password or disabling ends the account's tokens; the last active owner cannot be demoted or disabled.
   */
  @Patch(':id')
  @ApiOperation({ operationId: 'adminUpdateAdminUser' })
  @ApiErrors(AuthErrors.adminUserNotFound, AuthErrors.lastOwner, AuthErrors.openidBound, AuthErrors.usernameTaken)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateAdminUserDto): Promise<AdminView> {
    return this.adminUsers.update(id, dto);
  }
}
