import { Injectable, Logger } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { Clock } from '@app/common';
import { TOKEN_ERRCODES, WechatApiError, WechatUnavailableError, WX_ERR } from './wechat.errors';

export interface Code2SessionResult {
  openid: string;
  unionid?: string;
  sessionKey: string;
}

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermarkAppId: string;
}

interface CallOptions {
  method: 'GET' | 'POST';
  query?: Record<string, string>;
  body?: unknown;
  /** false for APIs authenticated by appid+secret instead of an access token. */
  token: boolean;
  /** The API answers an image on success (and JSON only on errors): it comes back as `{ image }`. */
  binary?: boolean;
}

/** wxacode.getUnlimited: a mini program code opening `page` with `scene` (at most 32 visible characters). */
export interface UnlimitedCodeInput {
  scene: string;
  page: string;
  envVersion: 'release' | 'trial' | 'develop';
  width?: number;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

/** msgSecCheck / mediaCheckAsync scenes: 1 profile, 2 comment, 3 forum, 4 social log. */
export type WxContentScene = 1 | 2 | 3 | 4;
export type WxSuggest = 'pass' | 'review' | 'risky';
export const WX_SUGGESTS: readonly WxSuggest[] = ['pass', 'review', 'risky'];

export interface TextCheckResult {
  suggest: WxSuggest;
  label: number;
  traceId: string;
}

type WxResponse = { errcode?: number; errmsg?: string } & Record<string, unknown>;

/**
 * Client for api.weixin.qq.com. Two modes:
 * - tokenless (WX_API_TOKENLESS=true): Cloud Hosting's open-API service adds credentials itself;
 * - otherwise a `stable_token` is fetched once, cached until 5 minutes before expiry and shared by
 *   concurrent callers (one fetch in flight at a time).
 */
@Injectable()
export class WechatApiClient {
  private readonly logger = new Logger(WechatApiClient.name);
  private cached?: { token: string; refreshAt: number };
  private inflight?: Promise<string>;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async code2Session(code: string): Promise<Code2SessionResult> {
    const r = await this.call('jscode2session', '/sns/jscode2session', {
      method: 'GET',
      token: false,
      query: { appid: this.config.wechat.appId, secret: this.config.wechat.secret, js_code: code, grant_type: 'authorization_code' },
    });
    if (typeof r.openid !== 'string' || r.openid === '') throw new WechatUnavailableError('jscode2session', 'response without openid');
    return {
      openid: r.openid,
      unionid: typeof r.unionid === 'string' && r.unionid ? r.unionid : undefined,
      sessionKey: typeof r.session_key === 'string' ? r.session_key : '',
    };
  }

  async getPhoneNumber(code: string, openid?: string): Promise<PhoneInfo> {
    const r = await this.call('getuserphonenumber', '/wxa/business/getuserphonenumber', {
      method: 'POST',
      token: true,
      body: openid ? { code, openid } : { code },
    });
    const info = r.phone_info as
      { phoneNumber?: string; purePhoneNumber?: string; countryCode?: string; watermark?: { appid?: string } } | undefined;
    if (!info?.purePhoneNumber) throw new WechatUnavailableError('getuserphonenumber', 'response without phone_info');
    return {
      phoneNumber: info.phoneNumber ?? info.purePhoneNumber,
      purePhoneNumber: info.purePhoneNumber,
      countryCode: info.countryCode ?? '86',
      watermarkAppId: info.watermark?.appid ?? '',
    };
  }

  async sendSubscribeMessage(msg: {
    touser: string;
    templateId: string;
    page?: string;
    data: Record<string, { value: string }>;
  }): Promise<void> {
    await this.call('subscribe.send', '/cgi-bin/message/subscribe/send', {
      method: 'POST',
      token: true,
      body: { touser: msg.touser, template_id: msg.templateId, page: msg.page, miniprogram_state: 'formal', lang: 'zh_CN', data: msg.data },
    });
  }

  async uploadShippingInfo(body: Record<string, unknown>): Promise<void> {
    await this.call('upload_shipping_info', '/wxa/sec/order/upload_shipping_info', { method: 'POST', token: true, body });
  }

  async notifyConfirmReceive(body: Record<string, unknown>): Promise<void> {
    await this.call('notify_confirm_receive', '/wxa/sec/order/notify_confirm_receive', { method: 'POST', token: true, body });
  }

  /** msgSecCheck v2. Decides on `result.suggest` (errcode 0 alone only means the call worked). */
  async msgSecCheck(input: { openid: string; scene: WxContentScene; content: string }): Promise<TextCheckResult> {
    const r = await this.call('msg_sec_check', '/wxa/msg_sec_check', {
      method: 'POST',
      token: true,
      body: { version: 2, openid: input.openid, scene: input.scene, content: input.content },
    });
    const result = r.result as { suggest?: string; label?: number } | undefined;
    const suggest = result?.suggest as WxSuggest | undefined;
    if (!suggest || !WX_SUGGESTS.includes(suggest)) throw new WechatUnavailableError('msg_sec_check', 'response without result.suggest');
    return { suggest, label: Number(result?.label ?? 0), traceId: typeof r.trace_id === 'string' ? r.trace_id : '' };
  }

  /** mediaCheckAsync v2 (images): returns the trace_id its verdict will carry when WeChat pushes it. */
  async mediaCheckAsync(input: { openid: string; scene: WxContentScene; mediaUrl: string }): Promise<string> {
    const r = await this.call('media_check_async', '/wxa/media_check_async', {
      method: 'POST',
      token: true,
      body: { media_url: input.mediaUrl, media_type: 2, version: 2, scene: input.scene, openid: input.openid },
    });
    if (typeof r.trace_id !== 'string' || r.trace_id === '')
      throw new WechatUnavailableError('media_check_async', 'response without trace_id');
    return r.trace_id;
  }

  /**
   * wxacode.getUnlimited: the image of a mini program code (PNG or JPEG bytes, checked). `check_path` only for the
   * release version: a trial or develop build's pages are not published yet, and WeChat would refuse them (41030).
   */
  async getUnlimitedCode(input: UnlimitedCodeInput): Promise<Buffer> {
    const r = await this.call('getwxacodeunlimit', '/wxa/getwxacodeunlimit', {
      method: 'POST',
      token: true,
      binary: true,
      body: {
        scene: input.scene,
        page: input.page,
        check_path: input.envVersion === 'release',
        env_version: input.envVersion,
        width: input.width ?? 430,
      },
    });
    const image = r.image;
    if (!Buffer.isBuffer(image)) throw new WechatUnavailableError('getwxacodeunlimit', 'response without an image');
    return image;
  }

  /** Temporary HTTPS URLs of Cloud Storage files (`cloud://<env>.<bucket>/<path>`), for WeChat to fetch. */
  async cloudFileUrl(fileId: string): Promise<string> {
    const env = /^cloud:\/\/([^./]+)/.exec(fileId)?.[1] ?? '';
    const r = await this.call('batchdownloadfile', '/tcb/batchdownloadfile', {
      method: 'POST',
      token: true,
      body: { env, file_list: [{ fileid: fileId, max_age: 7200 }] },
    });
    const file = (r.file_list as { fileid?: string; download_url?: string; status?: number; errmsg?: string }[] | undefined)?.[0];
    if (!file?.download_url || (file.status ?? 0) !== 0)
      throw new WechatApiError('batchdownloadfile', file?.status ?? -2, file?.errmsg ?? 'no download_url');
    return file.download_url;
  }

  private async call(api: string, path: string, opts: CallOptions, retriedToken = false): Promise<WxResponse> {
    const query = { ...opts.query };
    if (opts.token && !this.config.wechat.tokenless) query.access_token = await this.accessToken(retriedToken);
    const url = `${this.config.wechat.apiBase}${path}${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: opts.method,
        headers: opts.body === undefined ? undefined : { 'content-type': 'application/json' },
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(this.config.wechat.timeoutMs),
      });
    } catch (err) {
      const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${this.config.wechat.timeoutMs}ms` : (err as Error).message;
      throw new WechatUnavailableError(api, reason);
    }
    if (!res.ok) throw new WechatUnavailableError(api, `HTTP ${res.status}`);
    let data: WxResponse;
    try {
      if (opts.binary && !/json|text/i.test(res.headers.get('content-type') ?? '')) {
        const bytes = Buffer.from(await res.arrayBuffer());
        // Only an image is a success; anything else (an HTML error page of a proxy...) is an outage.
        if (!startsWith(bytes, PNG_MAGIC) && !startsWith(bytes, JPEG_MAGIC))
          throw new WechatUnavailableError(api, 'response is neither JSON nor an image');
        return { image: bytes };
      }
      data = (await res.json()) as WxResponse;
    } catch (err) {
      if (err instanceof WechatUnavailableError) throw err;
      const reason = (err as Error).name === 'TimeoutError' ? `timed out after ${this.config.wechat.timeoutMs}ms` : 'response is not JSON';
      throw new WechatUnavailableError(api, reason);
    }
    const errcode = typeof data.errcode === 'number' ? data.errcode : 0;
    if (errcode === 0) return data;
    if (opts.token && !this.config.wechat.tokenless && TOKEN_ERRCODES.has(errcode) && !retriedToken) {
      this.cached = undefined;
      return this.call(api, path, opts, true);
    }
    if (errcode === WX_ERR.SYSTEM_BUSY) throw new WechatUnavailableError(api, `system busy (${data.errmsg ?? ''})`);
    throw new WechatApiError(api, errcode, String(data.errmsg ?? ''));
  }

  private accessToken(forceRefresh: boolean): Promise<string> {
    const now = this.clock.now().getTime();
    if (!forceRefresh && this.cached && now < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    this.inflight ??= this.fetchStableToken(forceRefresh).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async fetchStableToken(forceRefresh: boolean): Promise<string> {
    const r = await this.call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      token: false,
      body: {
        grant_type: 'client_credential',
        appid: this.config.wechat.appId,
        secret: this.config.wechat.secret,
        force_refresh: forceRefresh,
      },
    });
    const token = r.access_token;
    const expiresIn = Number(r.expires_in ?? 0);
    if (typeof token !== 'string' || token === '' || !(expiresIn > 0))
      throw new WechatUnavailableError('stable_token', 'response without access_token');
    // Refresh 5 minutes early (WeChat itself rotates stable tokens 5 minutes before expiry).
    this.cached = { token, refreshAt: this.clock.now().getTime() + Math.max(expiresIn - 300, 30) * 1000 };
    this.logger.log({ expiresIn }, 'access token refreshed');
    return token;
  }
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length > magic.length && bytes.subarray(0, magic.length).equals(magic);
}
