import { Injectable, Logger } from '@nestjs/common';

/** A WeChat login of a shopper not yet linked to the existing backend (what the login bridge needs). */
export interface UnlinkedLogin {
  userId: number;
  appid: string;
  openid: string;
  unionid: string | null;
}

/** Answers the existing backend's user id when the shopper was linked now, else undefined. Must not throw. */
export type LoginListener = (login: UnlinkedLogin) => Promise<string | undefined>;

/**
 * Where a lib above auth hears of WeChat logins (the login bridge, which needs jobs: auth cannot depend on it). One
 * listener; a failing one is logged and the login goes on.
 */
@Injectable()
export class ShopperLogins {
  private readonly logger = new Logger(ShopperLogins.name);
  private listener?: LoginListener;

  listen(listener: LoginListener): void {
    if (this.listener) throw new Error('a login listener is registered already');
    this.listener = listener;
  }

  async unlinked(login: UnlinkedLogin): Promise<string | undefined> {
    if (!this.listener) return undefined;
    try {
      return await this.listener(login);
    } catch (err) {
      this.logger.warn({ userId: login.userId, error: (err as Error).message }, 'login listener failed');
      return undefined;
    }
  }
}
