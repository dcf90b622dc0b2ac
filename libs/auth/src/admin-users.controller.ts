import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe, type Page, PageQuery } from '@app/common';
import { AdminUsersService } from './admin-users.service';
import { AdminAuth } from './decorators';
import { CreateAdminUserDto, UpdateAdminUserDto } from './dto/admin-user.dto';
import type { AdminView } from './dto/auth.mappers';

@ApiTags('admin')
@Controller('admin/admin-users')
@AdminAuth('owner')
export class AdminUsersController {
  constructor(private readonly adminUsers: AdminUsersService) {}

  @Get()
  list(@Query() q: PageQuery): Promise<Page<AdminView>> {
    return this.adminUsers.list(q);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number): Promise<AdminView> {
    return this.adminUsers.get(id);
  }

  @Post()
  create(@Body() dto: CreateAdminUserDto): Promise<AdminView> {
    return this.adminUsers.create(dto);
  }

  @Patch(':id')
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateAdminUserDto): Promise<AdminView> {
    return this.adminUsers.update(id, dto);
  }
}
