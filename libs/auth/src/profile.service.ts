import { Injectable, Logger } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { maskPhone } from '@app/common';
import { WechatApiClient } from '@app/wechat';
import { AuthErrors } from './auth.errors';
import { toProfile, type ProfileView } from './dto/auth.mappers';
import type { UpdateProfileDto } from './dto/update-profile.dto';
import { UsersService } from './users.service';
import { mapWechatError } from './wechat-errors';
import { ProfileChecks } from './profile-checks';

/** GET/PATCH /me and phone binding. */
@Injectable()
export class ProfileService {
  private readonly logger = new Logger(ProfileService.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly wechat: WechatApiClient,
    private readonly checks: ProfileChecks,
  ) {}

  async get(userId: number): Promise<ProfileView> {
    const user = await this.users.findById(userId);
    if (!user) throw AuthErrors.tokenInvalid();
    return toProfile(user);
  }

  async update(userId: number, dto: UpdateProfileDto): Promise<ProfileView> {
    if (dto.nickname !== undefined) await this.checks.nickname(userId, dto.nickname);
    return toProfile(await this.users.update(userId, { nickname: dto.nickname, avatarUrl: dto.avatarUrl }));
  }

  async bindPhone(userId: number, openid: string | undefined, code: string): Promise<ProfileView> {
    let info;
    try {
      info = await this.wechat.getPhoneNumber(code, openid);
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'getPhoneNumber failed');
      throw mapWechatError(err);
    }
    // The watermark says which mini program the number was issued to: refuse numbers minted for another app.
    if (info.watermarkAppId !== this.config.wechat.appId) throw AuthErrors.phoneAppIdMismatch();
    this.logger.log({ userId, phone: maskPhone(info.purePhoneNumber) }, 'phone bound');
    return toProfile(await this.users.update(userId, { phone: info.purePhoneNumber, phoneCountryCode: info.countryCode }));
  }
}
