import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { patternPng } from './fake-png';
import { FakeHttpServer, type FakeRequest, type FakeResponse } from './fake-server';

export type FakeSuggest = 'pass' | 'review' | 'risky';
export const FAKE_LABELS: Record<FakeSuggest, number> = { pass: 100, review: 21000, risky: 20002 };

/** A mediaCheckAsync task the fake accepted: its verdict is pushed when the test says so. */
export interface FakeMediaCheck {
  traceId: string;
  mediaUrl: string;
  openid: string;
  scene: number;
}

/** Where and how the fake delivers message push events (the app's endpoint, its Token and EncodingAESKey). */
export interface PushTarget {
  url: string;
  token: string;
  aesKey?: string;
}

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
  /** msgSecCheck verdicts by exact content; otherwise text containing RISKY or REVIEW gets that verdict, the rest pass. */
  readonly textVerdicts = new Map<string, FakeSuggest>();
  /** Accepted mediaCheckAsync tasks, in order. */
  readonly mediaChecks: FakeMediaCheck[] = [];
  /** Paths answering 503 (WeChat unreachable) until removed. */
  readonly down = new Set<string>();
  /** Pages of the published (release) version: a code for another page with check_path answers 41030. */
  readonly publishedPages = new Set(['pages/index/index']);
  /** Mini program codes made (wxacode.getUnlimited), in order. */
  readonly codes: { scene: string; page: string; envVersion: string; width: number }[] = [];
  pushTarget?: PushTarget;
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
    this.route('POST', '/wxa/msg_sec_check', (r) => this.withToken(r, () => this.msgSecCheck(r)));
    this.route('POST', '/wxa/media_check_async', (r) => this.withToken(r, () => this.mediaCheckAsync(r)));
    this.route('POST', '/tcb/batchdownloadfile', (r) => this.withToken(r, () => this.downloadUrls(r)));
    this.route('POST', '/wxa/getwxacodeunlimit', (r) => this.withToken(r, () => this.unlimitedCode(r)));
  }

  /** The verdict msgSecCheck gives `content`. */
  textVerdict(content: string): FakeSuggest {
    return this.textVerdicts.get(content) ?? (content.includes('RISKY') ? 'risky' : content.includes('REVIEW') ? 'review' : 'pass');
  }

  /** The media check of an image (by the URL WeChat was given to fetch), or undefined if none was asked for. */
  mediaCheckOf(urlPart: string): FakeMediaCheck | undefined {
    return this.mediaChecks.find((c) => c.mediaUrl.includes(urlPart));
  }

  /**
   * WeChat pushes the verdict of a media check (event wxa_media_check) to the app, signed with the push token (and
   * encrypted in safe mode when the target has an EncodingAESKey). Returns the app's answer.
   */
  async pushMediaResult(
    traceId: string,
    suggest: FakeSuggest,
    opts: { signWith?: string; label?: number } = {},
  ): Promise<{ status: number; text: string }> {
    const event = {
      ToUserName: 'gh_fake',
      FromUserName: 'o_wechat',
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: this.appid,
      trace_id: traceId,
      version: 2,
      detail: [{ strategy: 'content_model', errcode: 0, suggest, label: opts.label ?? FAKE_LABELS[suggest], prob: 90 }],
      errcode: 0,
      errmsg: 'ok',
      result: { suggest, label: opts.label ?? FAKE_LABELS[suggest] },
    };
    return this.push(event, opts.signWith);
  }

  /** Sends a message push event as WeChat would (signature query; safe mode envelope when configured). */
  async push(event: Record<string, unknown>, signWith?: string): Promise<{ status: number; text: string }> {
    const target = this.pushTarget;
    if (!target) throw new Error('FakeWechatApi.pushTarget is not set');
    const token = signWith ?? target.token;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(5).toString('hex');
    const query = new URLSearchParams({ signature: sha1Sorted(token, timestamp, nonce), timestamp, nonce });
    let body: Record<string, unknown> = event;
    if (target.aesKey) {
      const encrypted = encryptPush(target.aesKey, JSON.stringify(event), this.appid);
      query.set('encrypt_type', 'aes');
      query.set('msg_signature', sha1Sorted(token, timestamp, nonce, encrypted));
      body = { ToUserName: 'gh_fake', Encrypt: encrypted };
    }
    const res = await fetch(`${target.url}?${query.toString()}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    return { status: res.status, text: await res.text() };
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

  private msgSecCheck(r: FakeRequest): FakeResponse {
    if (this.down.has(r.path)) return { status: 503, body: 'unavailable' };
    const b = r.body as { version?: number; openid?: string; scene?: number; content?: string } | undefined;
    if (b?.version !== 2 || !b.openid) return { body: { errcode: 40003, errmsg: 'invalid openid' } };
    if (![1, 2, 3, 4].includes(b.scene ?? 0)) return { body: { errcode: 40129, errmsg: 'invalid scene' } };
    if (!b.content) return { body: { errcode: 44002, errmsg: 'empty content' } };
    const suggest = this.textVerdict(b.content);
    return {
      body: {
        errcode: 0,
        errmsg: 'ok',
        trace_id: `trace_${randomBytes(8).toString('hex')}`,
        result: { suggest, label: FAKE_LABELS[suggest] },
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: FAKE_LABELS[suggest], prob: 90 }],
      },
    };
  }

  private mediaCheckAsync(r: FakeRequest): FakeResponse {
    if (this.down.has(r.path)) return { status: 503, body: 'unavailable' };
    const b = r.body as { media_url?: string; media_type?: number; version?: number; scene?: number; openid?: string } | undefined;
    if (b?.version !== 2 || !b.openid) return { body: { errcode: 40003, errmsg: 'invalid openid' } };
    if (b.media_type !== 2 || !b.media_url?.startsWith('https://')) return { body: { errcode: 47001, errmsg: 'data format error' } };
    const traceId = `media_${randomBytes(8).toString('hex')}`;
    this.mediaChecks.push({ traceId, mediaUrl: b.media_url, openid: b.openid, scene: b.scene ?? 0 });
    return { body: { errcode: 0, errmsg: 'ok', trace_id: traceId } };
  }

  /** wxacode.getUnlimited: a real PNG whose pattern follows scene, page and version; errors as WeChat answers them. */
  private unlimitedCode(r: FakeRequest): FakeResponse {
    if (this.down.has(r.path)) return { status: 503, body: 'unavailable' };
    const b = r.body as { scene?: unknown; page?: unknown; check_path?: unknown; env_version?: unknown; width?: unknown } | undefined;
    const invalid = (errcode: number, errmsg: string): FakeResponse => ({ body: { errcode, errmsg } });
    if (typeof b?.scene !== 'string' || !/^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/.test(b.scene))
      return invalid(40169, 'invalid length for scene');
    const page = b.page ?? '';
    if (typeof page !== 'string' || page.startsWith('/') || page.includes('?')) return invalid(41030, 'invalid page');
    const envVersion = typeof b.env_version === 'string' ? b.env_version : b.env_version === undefined ? 'release' : '?';
    if (!['release', 'trial', 'develop'].includes(envVersion)) return invalid(40097, 'invalid args: env_version');
    if (b.check_path !== false && page !== '' && !this.publishedPages.has(page)) return invalid(41030, 'invalid page');
    const width = b.width ?? 430;
    if (typeof width !== 'number' || !Number.isInteger(width) || width < 280 || width > 1280) return invalid(40097, 'invalid args: width');
    this.codes.push({ scene: b.scene, page, envVersion: envVersion, width });
    // WeChat answers the image with an image content type (JSON only for errors).
    return { headers: { 'content-type': 'image/png' }, body: patternPng(`${b.scene}|${page}|${envVersion}`, width) };
  }

  private downloadUrls(r: FakeRequest): FakeResponse {
    if (this.down.has(r.path)) return { status: 503, body: 'unavailable' };
    const b = r.body as { env?: string; file_list?: { fileid?: string }[] } | undefined;
    const file_list = (b?.file_list ?? []).map((f) => {
      const m = /^cloud:\/\/([^./]+)\.[^/]+\/(.+)$/.exec(f.fileid ?? '');
      return m && m[1] === b?.env
        ? {
            fileid: f.fileid,
            download_url: `https://tmp.tcb.example.com/${m[2]}?sign=${randomBytes(4).toString('hex')}`,
            status: 0,
            errmsg: 'ok',
          }
        : { fileid: f.fileid, download_url: '', status: -503003, errmsg: 'file not found' };
    });
    return { body: { errcode: 0, errmsg: 'ok', file_list } };
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

function sha1Sorted(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

/** Safe mode's envelope: AES-256-CBC over 16 random bytes + length + message + appid, PKCS#7 to 32 bytes. */
export function encryptPush(aesKey: string, message: string, appid: string): string {
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appid)]);
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
