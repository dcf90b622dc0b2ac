import { createDecipheriv, createPublicKey, type KeyObject, verify as verifySignature, X509Certificate } from 'node:crypto';
import type { Clock } from '@app/common';
import type { AppConfig } from '@app/config';
import { NotifyVerificationError } from './wechat-pay.errors';
import type {
  WechatPayNotification,
  WechatPayNotifyEvent,
  WechatPayRefundResource,
  WechatPayTransaction,
  WechatTransferResource,
} from './wechat-pay.types';

/** WeChat's own validators reject notifications more than five minutes off the local clock. */
const MAX_SKEW_SECONDS = 300;
/** Probe traffic WeChat Pay sends to check that merchants really verify; it must be answered as a failure. */
const SIGNTEST_PREFIX = 'WECHATPAY/SIGNTEST/';
const GCM_TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export type NotifyHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Verifies and decrypts WeChat Pay v3 notifications with node:crypto only. The package's
 * `verifySign` fetches /v3/certificates on unknown serials and has no public-key mode, and its
 * `decipher_gcm` never checks the GCM tag, so neither is used.
 *
 * Keys come from `WXPAY_PUBLIC_KEYS` by `Wechatpay-Serial`: the WeChat Pay public key
 * (PUB_KEY_ID_...) and/or platform certificates, both at once during a migration. Unknown serials
 * are rejected; nothing is ever fetched in the request path.
 */
export class WechatPayNotifyVerifier {
  private readonly keys: ReadonlyMap<string, KeyObject>;
  private readonly apiV3Key: Buffer;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    const pay = config.payments.wechatPay;
    if (!pay) throw new Error('WechatPayNotifyVerifier needs payments.wechatPay (PAYMENT_PROVIDER=wechat)');
    this.keys = loadVerificationKeys(pay.publicKeys);
    this.apiV3Key = Buffer.from(pay.apiV3Key, 'utf8');
    if (this.apiV3Key.length !== 32) throw new Error('WXPAY_APIV3_KEY must be 32 bytes');
  }

  /** Checks headers, freshness, key and signature over the raw bytes, then decrypts the resource. */
  verify(rawBody: Buffer, headers: NotifyHeaders): WechatPayNotification {
    const h = lowerCaseHeaders(headers);
    const timestamp = h.get('wechatpay-timestamp');
    const nonce = h.get('wechatpay-nonce');
    const signature = h.get('wechatpay-signature');
    const serial = h.get('wechatpay-serial');
    if (!timestamp || !nonce || !signature || !serial) {
      const missing = ['Timestamp', 'Nonce', 'Signature', 'Serial'].filter((n) => !h.get(`wechatpay-${n.toLowerCase()}`));
      throw new NotifyVerificationError('missing_headers', `missing Wechatpay-${missing.join(', Wechatpay-')}`);
    }
    const signatureType = h.get('wechatpay-signature-type');
    if (signatureType !== undefined && signatureType !== 'WECHATPAY2-SHA256-RSA2048')
      throw new NotifyVerificationError('bad_signature', 'unsupported Wechatpay-Signature-Type');
    if (!/^\d{1,12}$/.test(timestamp)) throw new NotifyVerificationError('missing_headers', 'Wechatpay-Timestamp is not a unix timestamp');

    const skew = Number(timestamp) - Math.floor(this.clock.now().getTime() / 1000);
    if (Math.abs(skew) > MAX_SKEW_SECONDS)
      throw new NotifyVerificationError('stale_timestamp', `timestamp is ${skew}s off the local clock`);

    const key = this.keys.get(serial.toUpperCase());
    if (!key) throw new NotifyVerificationError('unknown_serial', `no key configured for Wechatpay-Serial ${serial.slice(0, 64)}`);

    if (signature.startsWith(SIGNTEST_PREFIX)) throw new NotifyVerificationError('bad_signature', 'WECHATPAY/SIGNTEST/ probe');
    // The signed message is the raw body bytes as received: never a re-serialized object.
    const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), rawBody, Buffer.from('\n')]);
    if (!BASE64.test(signature) || !verifySignature('sha256', message, key, Buffer.from(signature, 'base64')))
      throw new NotifyVerificationError('bad_signature', `signature does not verify with key ${serial.slice(0, 64)}`);

    const envelope = parseEnvelope(rawBody);
    return { event: envelope.event, resource: this.decrypt(envelope.resource) };
  }

  /** `verify` for the payment notification URL: a TRANSACTION.* event with a transaction resource. */
  verifyTransaction(rawBody: Buffer, headers: NotifyHeaders): WechatPayNotification<WechatPayTransaction> {
    const n = this.verify(rawBody, headers);
    expectEvent(n.event, 'TRANSACTION.');
    const r = n.resource;
    const paid = r.trade_state === 'SUCCESS';
    if (
      !isStr(r.out_trade_no) ||
      !isStr(r.trade_state) ||
      !isStr(r.mchid) ||
      !isStr(r.appid) ||
      (paid && (!isStr(r.transaction_id) || !isFen(field(r.amount, 'total'))))
    )
      throw new NotifyVerificationError('malformed_body', 'transaction resource lacks required fields');
    return n as WechatPayNotification<unknown> as WechatPayNotification<WechatPayTransaction>;
  }

  /** `verify` for the refund notification URL: a REFUND.* event with a refund resource. */
  verifyRefund(rawBody: Buffer, headers: NotifyHeaders): WechatPayNotification<WechatPayRefundResource> {
    const n = this.verify(rawBody, headers);
    expectEvent(n.event, 'REFUND.');
    const r = n.resource;
    if (
      !isStr(r.out_refund_no) ||
      !isStr(r.refund_id) ||
      !isStr(r.refund_status) ||
      !isStr(r.out_trade_no) ||
      !isFen(field(r.amount, 'refund')) ||
      !isFen(field(r.amount, 'total'))
    )
      throw new NotifyVerificationError('malformed_body', 'refund resource lacks required fields');
    return n as WechatPayNotification<unknown> as WechatPayNotification<WechatPayRefundResource>;
  }

  /** `verify` for the transfer notification URL: MCHTRANSFER.BILL.FINISHED with a transfer bill resource. */
  verifyTransfer(rawBody: Buffer, headers: NotifyHeaders): WechatPayNotification<WechatTransferResource> {
    const n = this.verify(rawBody, headers);
    expectEvent(n.event, 'MCHTRANSFER.');
    const r = n.resource;
    if (!isStr(r.out_bill_no) || !isStr(r.state) || !isStr(r.mchid))
      throw new NotifyVerificationError('malformed_body', 'transfer resource lacks required fields');
    return n as WechatPayNotification<unknown> as WechatPayNotification<WechatTransferResource>;
  }

  /** AES-256-GCM with the APIv3 key; `final()` checks the tag, so any tampering fails here. */
  private decrypt(resource: EncryptedResource): Record<string, unknown> {
    const data = Buffer.from(resource.ciphertext, 'base64');
    if (data.length <= GCM_TAG_BYTES) throw new NotifyVerificationError('decrypt_failed', 'ciphertext too short');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.apiV3Key, Buffer.from(resource.nonce, 'utf8'), {
        authTagLength: GCM_TAG_BYTES,
      });
      decipher.setAuthTag(data.subarray(data.length - GCM_TAG_BYTES));
      decipher.setAAD(Buffer.from(resource.associated_data, 'utf8'));
      plain = Buffer.concat([decipher.update(data.subarray(0, data.length - GCM_TAG_BYTES)), decipher.final()]);
    } catch {
      throw new NotifyVerificationError(
        'decrypt_failed',
        'resource does not authenticate (wrong APIv3 key, or tampered ciphertext/tag/AAD)',
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(plain.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (!isObj(parsed)) throw new NotifyVerificationError('malformed_body', 'decrypted resource is not a JSON object');
    return parsed;
  }
}

interface EncryptedResource {
  ciphertext: string;
  nonce: string;
  associated_data: string;
}

function parseEnvelope(rawBody: Buffer): { event: WechatPayNotifyEvent; resource: EncryptedResource } {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new NotifyVerificationError('malformed_body', 'body is not JSON');
  }
  if (!isObj(body) || !isStr(body.id) || !isStr(body.event_type) || !isObj(body.resource))
    throw new NotifyVerificationError('malformed_body', 'envelope lacks id, event_type or resource');
  const r = body.resource;
  if (
    r.algorithm !== 'AEAD_AES_256_GCM' ||
    !isStr(r.ciphertext) ||
    !isStr(r.nonce) ||
    !(r.associated_data === undefined || typeof r.associated_data === 'string')
  )
    throw new NotifyVerificationError('malformed_body', 'resource is not an AEAD_AES_256_GCM payload');
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return {
    event: {
      id: body.id,
      event_type: body.event_type,
      create_time: text(body.create_time),
      resource_type: text(body.resource_type),
      summary: text(body.summary),
    },
    resource: { ciphertext: r.ciphertext, nonce: r.nonce, associated_data: r.associated_data ?? '' },
  };
}

/**
 * serial -> key. A PEM may be a public key (PUB_KEY_ID_...) or a platform certificate; a
 * certificate must carry the serial it is configured under, so a mix-up fails at boot rather than
 * as "bad signature" on every notification.
 */
function loadVerificationKeys(publicKeys: Readonly<Record<string, string>>): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const [serial, pem] of Object.entries(publicKeys)) {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`WXPAY_PUBLIC_KEYS.${serial}: not an RSA key`);
    if (pem.includes('-----BEGIN CERTIFICATE-----')) {
      const certSerial = new X509Certificate(pem).serialNumber;
      const norm = (s: string): string => s.toUpperCase().replace(/^0+/, '');
      if (norm(certSerial) !== norm(serial)) throw new Error(`WXPAY_PUBLIC_KEYS.${serial}: the certificate's serial is ${certSerial}`);
    }
    // Certificate serials are hex; compare them case-insensitively.
    keys.set(serial.toUpperCase(), key);
  }
  if (keys.size === 0) throw new Error('WXPAY_PUBLIC_KEYS holds no key');
  return keys;
}

function lowerCaseHeaders(headers: NotifyHeaders): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(headers)) {
    // A repeated header is ambiguous; treat it as absent.
    const v = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
    out.set(name.toLowerCase(), v?.trim() || undefined);
  }
  return out;
}

function expectEvent(event: WechatPayNotifyEvent, prefix: string): void {
  if (!event.event_type.startsWith(prefix))
    throw new NotifyVerificationError('unexpected_event', `expected ${prefix}* but got ${event.event_type.slice(0, 64)}`);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStr(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}
function isFen(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}
function field(o: unknown, key: string): unknown {
  return isObj(o) ? o[key] : undefined;
}
