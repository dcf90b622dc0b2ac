import { Injectable, Logger } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { WechatApiClient } from '@app/wechat';
import { AuthErrors } from './auth.errors';
import { toProfile, type LoginResult } from './dto/auth.mappers';
import { ShopperLogins } from './shopper-logins';
import { TokensService } from './tokens.service';
import { UsersService } from './users.service';
import { mapWechatError } from './wechat-errors';

/** Shopper login: wx.login code -> code2Session -> our token. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly wechat: WechatApiClient,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly logins: ShopperLogins,
  ) {}

  async wxLogin(code: string): Promise<LoginResult> {
    // Without a secret code2Session can only fail: say so instead of asking WeChat (and spending its quota).
    const { secret, tokenless } = this.config.wechat;
    if (secret === '' && !tokenless) throw AuthErrors.wxLoginNotConfigured(this.config.auth.devLogin);
    let session;
    try {
      session = await this.wechat.code2Session(code);
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'code2Session failed');
      throw mapWechatError(err);
    }
    return this.login(session.openid, session.unionid);
  }

  /** Local demo only: log in as any openid without WeChat. */
  async devLogin(openid: string): Promise<LoginResult> {
    if (!this.config.auth.devLogin) throw AuthErrors.devLoginDisabled();
    return this.login(openid);
  }

  private async login(openid: string, unionid?: string): Promise<LoginResult> {
    const appid = this.config.wechat.appId;
    const { id } = await this.users.findOrCreate(appid, openid, unionid);
    const user = (await this.users.findById(id))!;
    // The login bridge (LOGIN_BRIDGE_URL), if any, links the shopper at the existing backend: bounded in time, and a
    // failure leaves it to a job, never failing the login.
    if (user.externalId === null)
      user.externalId = (await this.logins.unlinked({ userId: id, appid, openid, unionid: user.unionid })) ?? null;
    const issued = this.tokens.issue({ sub: String(id), typ: 'user' });
    return { ...issued, user: toProfile(user) };
  }
}
