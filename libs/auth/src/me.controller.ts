import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, CommonErrors } from '@app/common';
import { AuthErrors } from './auth.errors';
import { CurrentUser, ShopperAuth } from './decorators';
import type { ShopperIdentity } from '@app/access';
import { BindPhoneDto, type ProfileView, UpdateProfileDto } from './dto/update-profile.dto';
import { ProfileService } from './profile.service';
import { WECHAT_CODE_ERRORS } from './wechat-errors';

@ApiTags('me')
@Controller('me')
@ShopperAuth()
export class MeController {
  constructor(private readonly profile: ProfileService) {}

  /** The shopper's profile. */
  @Get()
  @ApiOperation({ operationId: 'getProfile' })
  get(@CurrentUser() user: ShopperIdentity): Promise<ProfileView> {
    return this.profile.get(user.userId);
  }

  /** Change the nickname or avatar (the nickname is checked by WeChat content security: risky is refused). */
  @Patch()
  @ApiOperation({ operationId: 'updateProfile' })
  @ApiErrors(CommonErrors.contentRisky)
  update(@CurrentUser() user: ShopperIdentity, @Body() dto: UpdateProfileDto): Promise<ProfileView> {
    return this.profile.update(user.userId, dto);
  }

  /**
   * Bind the phone number from a getPhoneNumber button.
   * @remarks The code from `<button open-type="getPhoneNumber">` is exchanged with WeChat for the number.
   */
  @Post('phone')
  @HttpCode(200)
  @ApiOperation({ operationId: 'bindPhone' })
  @ApiErrors(AuthErrors.phoneAppIdMismatch, ...WECHAT_CODE_ERRORS)
  bindPhone(@CurrentUser() user: ShopperIdentity, @Body() dto: BindPhoneDto): Promise<ProfileView> {
    return this.profile.bindPhone(user.userId, user.openid, dto.code);
  }
}
