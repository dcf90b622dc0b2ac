import { createPublicKey, generateKeyPair, randomBytes, randomInt, sign } from 'node:crypto';
import { promisify } from 'node:util';
import { TEST_APPID } from './fake-wechat-api';

const generateRsa = promisify(generateKeyPair);

export interface TestKeyPair {
  /** PKCS#8 PEM. */
  privateKey: string;
  /** SPKI PEM. */
  publicKey: string;
}

/** Everything a merchant and WeChat Pay hold, generated per test run (never committed). */
export interface TestPayKeys {
  mchId: string;
  /** Serial of the merchant API certificate (`serial_no` in Authorization). */
  merchantSerial: string;
  /** The merchant key that signs requests and paySign. */
  merchant: TestKeyPair;
  apiV3Key: string;
  /** "WeChat Pay public key" mode (new merchants): serial `PUB_KEY_ID_TEST...`. */
  wechatPay: TestKeyPair & { serial: string };
  /** Platform-certificate mode (older merchants): a self-signed X.509 certificate with a hex serial. */
  platform: TestKeyPair & { serial: string; certificate: string };
}

/**
 * The three RSA pairs, made once per process (about half a second of CPU, paid by every pay world before): each set
 * still has serials and an APIv3 key of its own, and tests of a foreign key make that key themselves.
 */
let rsaPairs: Promise<[TestKeyPair, TestKeyPair, TestKeyPair]> | undefined;

export async function generateTestPayKeys(): Promise<TestPayKeys> {
  rsaPairs ??= Promise.all([rsaPair(), rsaPair(), rsaPair()]);
  const [merchant, wechatPay, platform] = await rsaPairs;
  const platformSerial = hexSerial();
  return {
    mchId: '1900000001',
    merchantSerial: hexSerial(),
    merchant,
    apiV3Key: randomBytes(16).toString('hex'),
    wechatPay: { ...wechatPay, serial: `PUB_KEY_ID_TEST${Array.from({ length: 30 }, () => randomInt(10)).join('')}` },
    platform: { ...platform, serial: platformSerial, certificate: selfSignedCertificate(platform, platformSerial) },
  };
}

export interface TestPayEnvOptions {
  /** WXPAY_BASE_URL: the fake server's URL. */
  baseUrl: string;
  notifyBase?: string;
  appId?: string;
  /** Which verification keys WXPAY_PUBLIC_KEYS lists (default: the public key only, like a new merchant). */
  publicKeys?: ReadonlyArray<'wechatpay' | 'platform'>;
  timeoutMs?: number;
}

/** The environment keys `loadConfig` reads for PAYMENT_PROVIDER=wechat. */
export function testPayEnv(keys: TestPayKeys, opts: TestPayEnvOptions): Record<string, string> {
  const publicKeys: Record<string, string> = {};
  for (const which of opts.publicKeys ?? ['wechatpay']) {
    if (which === 'wechatpay') publicKeys[keys.wechatPay.serial] = keys.wechatPay.publicKey;
    else publicKeys[keys.platform.serial] = keys.platform.certificate;
  }
  return {
    PAYMENT_PROVIDER: 'wechat',
    WX_APPID: opts.appId ?? TEST_APPID,
    WXPAY_MCHID: keys.mchId,
    WXPAY_SERIAL_NO: keys.merchantSerial,
    WXPAY_PRIVATE_KEY: keys.merchant.privateKey,
    WXPAY_APIV3_KEY: keys.apiV3Key,
    WXPAY_PUBLIC_KEYS: JSON.stringify(publicKeys),
    WXPAY_NOTIFY_BASE: opts.notifyBase ?? 'https://shop.example.test',
    WXPAY_BASE_URL: opts.baseUrl,
    // Generous for a loaded machine (RSA signing on both sides); tests of timeouts pass their own.
    WXPAY_TIMEOUT_MS: String(opts.timeoutMs ?? 10000),
  };
}

async function rsaPair(): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKey, publicKey };
}

/** 40 upper-case hex digits, first one non-zero and below 8 (a positive DER integer of 20 bytes). */
function hexSerial(): string {
  return `${randomInt(1, 8)}${randomBytes(20).toString('hex').slice(1)}`.toUpperCase();
}

// Minimal DER, enough for one self-signed certificate (node:crypto parses X.509 but cannot create it).
function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const v of rest) {
    const group = [v & 0x7f];
    for (let x = v >> 7; x > 0; x >>= 7) group.unshift((x & 0x7f) | 0x80);
    out.push(...group);
  }
  return tlv(0x06, Buffer.from(out));
}
const utcTime = (d: Date): Buffer => tlv(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
const commonName = (cn: string): Buffer => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn)))));

/** A v3 certificate signed by its own key, SHA256withRSA, valid from yesterday for five years. */
function selfSignedCertificate(pair: TestKeyPair, serialHex: string): string {
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, Buffer.from(serialHex, 'hex')),
    sha256WithRsa,
    commonName('Tenpay.com Root CA (test)'),
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 5 * 365 * 86_400_000))),
    commonName('wxmall test platform certificate'),
    createPublicKey(pair.publicKey).export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, pair.privateKey);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.from([0]), signature));
  return `-----BEGIN CERTIFICATE-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
}
