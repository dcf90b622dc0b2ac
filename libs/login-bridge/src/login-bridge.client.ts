import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import type { UnlinkedLogin } from '@app/auth';
import { SIGNATURE_HEADER, signBridgeRequest } from './bridge-signature';

/** The existing backend did not link the shopper; `retryable`: asking again later may help (outage, 5xx, 429). */
export class LoginBridgeError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LoginBridgeError';
  }
}

/** What we send (README "Login bridge"). */
export interface BridgeRequestBody {
  type: 'wechat.login';
  /** The shopper at wxmall. */
  wxmallUserId: number;
  appid: string;
  openid: string;
  unionid: string | null;
  sentAt: string;
}

/** A user id the existing backend may answer: what fits user.external_id. */
const EXTERNAL_ID = /^[\x21-\x7e]{1,128}$/;

/** One signed POST to LOGIN_BRIDGE_URL, bounded by LOGIN_BRIDGE_TIMEOUT_MS; answers the backend's user id. */
@Injectable()
export class LoginBridgeClient {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async link(login: UnlinkedLogin): Promise<string> {
    const bridge = this.config.externalIdentity.loginBridge;
    if (!bridge) throw new LoginBridgeError('LOGIN_BRIDGE_URL is not set', false);
    const now = this.clock.now();
    const payload: BridgeRequestBody = {
      type: 'wechat.login',
      wxmallUserId: login.userId,
      appid: login.appid,
      openid: login.openid,
      unionid: login.unionid,
      sentAt: now.toISOString(),
    };
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(now.getTime() / 1000);
    let res: Response;
    let text: string;
    try {
      res = await fetch(bridge.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBridgeRequest(bridge.secret, timestamp, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(bridge.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      throw new LoginBridgeError(`login bridge unreachable: ${(err as Error).message}`, true);
    }
    if (res.status !== 200) {
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw new LoginBridgeError(`login bridge answered HTTP ${res.status}`, retryable);
    }
    let userId: unknown;
    try {
      userId = (JSON.parse(text) as { userId?: unknown }).userId;
    } catch {
      userId = undefined;
    }
    if (typeof userId === 'number' && Number.isSafeInteger(userId)) userId = String(userId);
    if (typeof userId !== 'string' || !EXTERNAL_ID.test(userId)) {
      throw new LoginBridgeError('login bridge answered without a usable userId (1-128 printable characters)', false);
    }
    return userId;
  }
}
