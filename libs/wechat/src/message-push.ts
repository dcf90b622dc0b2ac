import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type AppConfig, InjectConfig } from '@app/config';

/** Where WeChat's message push (消息推送) reaches the service; set it as the URL in the mini program admin. */
export const WECHAT_MESSAGE_PUSH_PATH = '/api/v1/wechat/message-push';

/** The query WeChat adds to every message push request (and to the URL check). */
export interface PushQuery {
  signature?: string;
  timestamp?: string;
  nonce?: string;
  echostr?: string;
  msg_signature?: string;
  encrypt_type?: string;
}

/** The `wxa_media_check` event (mediaCheckAsync's verdict), JSON format. */
export interface MediaCheckEvent {
  Event: 'wxa_media_check';
  trace_id: string;
  appid?: string;
  result?: { suggest?: string; label?: number };
  errcode?: number;
}

export type PushRefusal = 'not_configured' | 'bad_signature' | 'bad_encryption' | 'wrong_appid' | 'not_json';

export class PushRefusedError extends Error {
  constructor(readonly reason: PushRefusal) {
    super(`message push refused: ${reason}`);
    this.name = 'PushRefusedError';
  }
}

/** sha1 of the sorted, concatenated parts, hex (WeChat's message push signature). */
export function pushSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Authenticates message push (消息推送) requests (wechat-platform.md §2.9): with WX_PUSH_TOKEN, the
 * token/timestamp/nonce SHA-1 signature, and in safe mode (WX_PUSH_AES_KEY) the msg_signature and the AES-256-CBC
 * envelope whose appid must be ours; without a token, only a push that came through the Cloud Hosting gateway
 * (WX_GATEWAY_TRUST, public access off). Anything else is refused.
 */
@Injectable()
export class MessagePushVerifier {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  /** The URL check (GET): the echostr to answer. */
  echo(query: PushQuery, headers: Record<string, string | string[] | undefined>): string {
    this.authenticate(query, headers);
    return query.echostr ?? '';
  }

  /** A pushed event (POST, JSON format): the message, decrypted in safe mode. */
  open(query: PushQuery, headers: Record<string, string | string[] | undefined>, body: unknown): Record<string, unknown> {
    this.authenticate(query, headers);
    if (body === null || typeof body !== 'object') throw new PushRefusedError('not_json');
    const envelope = body as Record<string, unknown>;
    const aesKey = this.config.contentSecurity.pushAesKey;
    if (!aesKey) return envelope;
    const encrypted = envelope.Encrypt;
    if (typeof encrypted !== 'string') throw new PushRefusedError('bad_encryption');
    const token = this.config.contentSecurity.pushToken!;
    if (!sameText(pushSignature(token, query.timestamp ?? '', query.nonce ?? '', encrypted), query.msg_signature ?? ''))
      throw new PushRefusedError('bad_signature');
    const { message, appid } = decryptPush(aesKey, encrypted);
    if (appid !== this.config.wechat.appId) throw new PushRefusedError('wrong_appid');
    try {
      const parsed: unknown = JSON.parse(message);
      if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
      return parsed as Record<string, unknown>;
    } catch {
      throw new PushRefusedError('not_json');
    }
  }

  private authenticate(query: PushQuery, headers: Record<string, string | string[] | undefined>): void {
    const token = this.config.contentSecurity.pushToken;
    if (token) {
      const expected = pushSignature(token, query.timestamp ?? '', query.nonce ?? '');
      if (!query.signature || !sameText(expected, query.signature)) throw new PushRefusedError('bad_signature');
      return;
    }
    // Cloud Hosting pushes straight to the service through its gateway, which adds the x-wx-* headers.
    if (this.config.wechat.gatewayTrust && typeof headers['x-wx-source'] === 'string') {
      const appid = headers['x-wx-appid'];
      if (appid !== undefined && appid !== this.config.wechat.appId) throw new PushRefusedError('wrong_appid');
      return;
    }
    throw new PushRefusedError('not_configured');
  }
}

/** Safe mode: AES-256-CBC, key = Base64(EncodingAESKey + "="), IV = the key's first 16 bytes, PKCS#7 to 32 bytes. */
export function decryptPush(aesKey: string, encrypted: string): { message: string; appid: string } {
  try {
    const key = Buffer.from(`${aesKey}=`, 'base64');
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    const padded = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    const pad = padded[padded.length - 1]!;
    if (pad < 1 || pad > 32) throw new Error('bad padding');
    const plain = padded.subarray(0, padded.length - pad);
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new Error('bad length');
    return { message: plain.subarray(20, 20 + length).toString('utf8'), appid: plain.subarray(20 + length).toString('utf8') };
  } catch {
    throw new PushRefusedError('bad_encryption');
  }
}
