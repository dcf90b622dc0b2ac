import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, ShopperAuth } from './decorators';
import type { ShopperIdentity } from './identity';
import type { ProfileView } from './dto/auth.mappers';
import { BindPhoneDto, UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';

@ApiTags('me')
@Controller('me')
@ShopperAuth()
export class MeController {
  constructor(private readonly profile: ProfileService) {}

  @Get()
  get(@CurrentUser() user: ShopperIdentity): Promise<ProfileView> {
    return this.profile.get(user.userId);
  }

  @Patch()
  update(@CurrentUser() user: ShopperIdentity, @Body() dto: UpdateProfileDto): Promise<ProfileView> {
    return this.profile.update(user.userId, dto);
  }

  @Post('phone')
  @HttpCode(200)
  bindPhone(@CurrentUser() user: ShopperIdentity, @Body() dto: BindPhoneDto): Promise<ProfileView> {
    return this.profile.bindPhone(user.userId, user.openid, dto.code);
  }
}
