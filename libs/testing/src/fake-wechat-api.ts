import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type FakeRequest, type FakeResponse } from './fake-server';

export const TEST_APPID = 'wxtest0000000000a1';
export const TEST_SECRET = 'test-secret';

type SessionResult = { openid: string; unionid?: string } | { errcode: number; errmsg: string };

/**
 * Stands in for api.weixin.qq.com: jscode2session, stable_token, getuserphonenumber, subscribe
 * messages and shipping info. Token-protected routes check the access token it issued.
 */
export class FakeWechatApi extends FakeHttpServer {
  /** code -> result of jscode2session. Unknown codes answer 40029. */
  readonly sessions = new Map<string, SessionResult>();
  /** code -> phone (and the appid in its watermark). */
  readonly phones = new Map<string, { phone: string; appid?: string }>();
  accessToken = '';
  tokenFetches = 0;
  tokenTtlSeconds = 7200;

  constructor(
    readonly appid = TEST_APPID,
    readonly secret = TEST_SECRET,
  ) {
    super();
    this.route('GET', '/sns/jscode2session', (r) => this.code2Session(r));
    this.route('POST', '/cgi-bin/stable_token', (r) => this.stableToken(r));
    this.route('POST', '/wxa/business/getuserphonenumber', (r) => this.withToken(r, () => this.phone(r)));
    this.route('POST', '/cgi-bin/message/subscribe/send', (r) => this.withToken(r, () => ({ body: { errcode: 0, errmsg: 'ok' } })));
    this.route('POST', '/wxa/sec/order/upload_shipping_info', (r) => this.withToken(r, () => ({ body: { errcode: 0, errmsg: 'ok' } })));
    this.route('POST', '/wxa/sec/order/notify_confirm_receive', (r) => this.withToken(r, () => ({ body: { errcode: 0, errmsg: 'ok' } })));
  }

  /** A fresh wx.login code that logs in as `openid`. */
  codeFor(openid: string, unionid?: string): string {
    const code = `code_${randomBytes(6).toString('hex')}`;
    this.sessions.set(code, { openid, unionid });
    return code;
  }

  /** A fresh getPhoneNumber code. */
  phoneCode(phone: string, appid?: string): string {
    const code = `phone_${randomBytes(6).toString('hex')}`;
    this.phones.set(code, { phone, appid });
    return code;
  }

  /** Invalidate the current token, as if another process force-refreshed it. */
  revokeToken(): void {
    this.accessToken = `revoked_${this.accessToken}`;
  }

  private code2Session(r: FakeRequest): FakeResponse {
    if (r.query.get('appid') !== this.appid || r.query.get('secret') !== this.secret)
      return { body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    const code = r.query.get('js_code') ?? '';
    const result = this.sessions.get(code);
    if (!result) return { body: { errcode: 40029, errmsg: 'invalid code' } };
    this.sessions.delete(code); // single use, like WeChat
    if ('errcode' in result) return { body: result };
    return {
      body: {
        openid: result.openid,
        session_key: randomBytes(16).toString('base64'),
        ...(result.unionid ? { unionid: result.unionid } : {}),
      },
    };
  }

  private stableToken(r: FakeRequest): FakeResponse {
    const b = r.body as { grant_type?: string; appid?: string; secret?: string; force_refresh?: boolean } | undefined;
    if (b?.grant_type !== 'client_credential' || b.appid !== this.appid || b.secret !== this.secret)
      return { body: { errcode: 40125, errmsg: 'invalid appsecret' } };
    this.tokenFetches++;
    if (!this.accessToken || this.accessToken.startsWith('revoked_') || b.force_refresh)
      this.accessToken = `tok_${randomBytes(8).toString('hex')}`;
    return { body: { access_token: this.accessToken, expires_in: this.tokenTtlSeconds } };
  }

  private withToken(r: FakeRequest, ok: () => FakeResponse): FakeResponse {
    const token = r.query.get('access_token');
    if (!token || token !== this.accessToken)
      return { body: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' } };
    return ok();
  }

  private phone(r: FakeRequest): FakeResponse {
    const code = (r.body as { code?: string } | undefined)?.code ?? '';
    const p = this.phones.get(code);
    if (!p) return { body: { errcode: 40029, errmsg: 'invalid code' } };
    this.phones.delete(code);
    return {
      body: {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: p.phone,
          purePhoneNumber: p.phone,
          countryCode: '86',
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid: p.appid ?? this.appid },
        },
      },
    };
  }
}
