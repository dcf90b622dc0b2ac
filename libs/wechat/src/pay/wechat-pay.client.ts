import { constants, createPrivateKey, createPublicKey, createSign, type KeyObject, publicEncrypt, randomBytes } from 'node:crypto';
import WxPay from 'wechatpay-node-v3';
import type { Clock } from '@app/common';
import type { AppConfig, WechatPayConfig } from '@app/config';
import { wechatPayErrorFrom, WechatPayApiError, WechatPayUnavailableError } from './wechat-pay.errors';
import { formatWechatPayTime } from './wechat-pay-time';
import {
  TRANSFER_REAL_NAME_MIN_FEN,
  type JsapiPrepayInput,
  type RefundInput,
  type TransferBillInput,
  type WechatPayParams,
  type WechatPayRefund,
  type WechatPayTransaction,
  type WechatTransferBill,
} from './wechat-pay.types';

/** The package hard-codes this origin; the signature covers only path + query, so swapping it keeps requests valid. */
const WECHATPAY_ORIGIN = 'https://api.mch.weixin.qq.com';
export const WECHAT_PAY_NOTIFY_PATH = '/api/v1/payments/wechat/notify';
export const WECHAT_PAY_REFUND_NOTIFY_PATH = '/api/v1/payments/wechat/refund-notify';
export const WECHAT_PAY_TRANSFER_NOTIFY_PATH = '/api/v1/distribution/wechat/transfer-notify';
const TRANSFER_BILLS = '/v3/fund-app/mch-transfer/transfer-bills';
const OUT_BILL_NO = /^[0-9A-Za-z]{5,32}$/;

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const PREPAY_ID = /^[0-9A-Za-z_-]{1,128}$/;
/** Already-closed answers to a close request: the goal (a closed order) is reached. */
const ALREADY_CLOSED = new Set(['ORDER_CLOSED', 'ORDERCLOSED']);
/** 404 codes meaning "WeChat Pay has no such order". */
const ORDER_NOT_FOUND = new Set(['ORDERNOTEXIST', 'ORDER_NOT_EXIST', 'RESOURCE_NOT_EXISTS']);

type PayOutput = Awaited<ReturnType<WxPay['query']>>;
type PayHttp = Parameters<WxPay['createHttp']>[0];

/** Thrown by the HTTP layer for network failures; `call` turns it into WechatPayUnavailableError. */
class TransportError extends Error {}

/**
 * The package, with its weak request nonce (`Math.random`, 15 chars) replaced by 32 random hex
 * characters. Signing itself (getSignature/getAuthorization) stays the package's.
 */
class SignedPay extends WxPay {
  protected override buildAuthorization(method: string, url: string, params?: Record<string, unknown>): string {
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    // Transport time, not business time: WeChat Pay checks it against its own clock.
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = this.getSignature(method, nonce, timestamp, url.replace(WECHATPAY_ORIGIN, ''), params);
    return this.getAuthorization(nonce, timestamp, signature);
  }
}

/**
 * Outgoing WeChat Pay v3 calls for a direct merchant (JSAPI / mini program).
 *
 * `wechatpay-node-v3` signs the requests; its HTTP layer is replaced (`createHttp`) so that the base
 * URL comes from WXPAY_BASE_URL, every call times out after WXPAY_TIMEOUT_MS, and failures become
 * typed errors instead of `{status, error}` results:
 * - WechatPayApiError (4xx with WeChat's code; WechatPayOrderPaidError for ORDERPAID),
 * - WechatPayUnavailableError (timeout, network, 5xx, SYSTEM_ERROR): retry later.
 * Amounts are integer fen.
 */
export class WechatPayClient {
  private readonly cfg: WechatPayConfig;
  private readonly appId: string;
  private readonly pay: SignedPay;
  private readonly merchantKey: KeyObject;
  /** The WeChat Pay key sensitive fields are encrypted with, and its serial (sent as `Wechatpay-Serial`). */
  private readonly encryptKey: { serial: string; key: KeyObject };

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
  ) {
    const cfg = config.payments.wechatPay;
    if (!cfg) throw new Error('WechatPayClient needs payments.wechatPay (PAYMENT_PROVIDER=wechat)');
    this.cfg = cfg;
    this.appId = config.wechat.appId;
    this.merchantKey = createPrivateKey(cfg.privateKey);
    this.encryptKey = encryptionKeyOf(cfg.publicKeys);
    this.pay = new SignedPay({
      appid: this.appId,
      mchid: cfg.mchId,
      serial_no: cfg.serialNo,
      // Only used to derive serial_no when it is absent; the package refuses an empty buffer.
      publicKey: Buffer.from('unused: serial_no is configured'),
      privateKey: Buffer.from(cfg.privateKey),
      userAgent: 'wxmall (wechatpay-node-v3)',
    });
    this.pay.createHttp(this.http());
  }

  /** Creates the JSAPI order and returns its prepay_id (valid about 2 hours). */
  async jsapiPrepay(input: JsapiPrepayInput): Promise<{ prepayId: string }> {
    checkOutTradeNo(input.outTradeNo);
    checkFen('amountTotal', input.amountTotal);
    if (!input.payerOpenid) throw new RangeError('payerOpenid is required');
    const out = await this.call('jsapi', () =>
      this.pay.transactions_jsapi({
        description: truncate(input.description, 127),
        out_trade_no: input.outTradeNo,
        time_expire: formatWechatPayTime(input.timeExpire),
        ...(input.attach !== undefined ? { attach: truncate(input.attach, 128) } : {}),
        notify_url: `${this.cfg.notifyBase}${WECHAT_PAY_NOTIFY_PATH}`,
        amount: { total: input.amountTotal, currency: 'CNY' },
        payer: { openid: input.payerOpenid },
      }),
    );
    // On 200 the package replaces the body with its own (weakly signed) pay params; only the id is kept.
    const pkg = (out as { package?: unknown } | undefined)?.package;
    const prepayId = typeof pkg === 'string' && pkg.startsWith('prepay_id=') ? pkg.slice('prepay_id='.length) : '';
    if (!PREPAY_ID.test(prepayId)) throw new WechatPayUnavailableError('jsapi', 'response without prepay_id');
    return { prepayId };
  }

  /**
   * `wx.requestPayment` parameters, signed here rather than by the package (whose nonce is
   * `Math.random`): paySign = base64(SHA256withRSA(appId\ntimeStamp\nnonceStr\npackage\n)).
   */
  buildPayParams(prepayId: string): WechatPayParams {
    if (!PREPAY_ID.test(prepayId)) throw new RangeError('invalid prepay_id');
    const timeStamp = Math.floor(this.clock.now().getTime() / 1000).toString();
    const nonceStr = randomBytes(16).toString('hex').toUpperCase();
    const pkg = `prepay_id=${prepayId}`;
    const paySign = createSign('RSA-SHA256').update(`${this.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`).sign(this.merchantKey, 'base64');
    return { appId: this.appId, timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign };
  }

  /** The order at WeChat Pay, or `null` when WeChat Pay has no such order (never prepaid here). */
  async queryByOutTradeNo(outTradeNo: string): Promise<WechatPayTransaction | null> {
    checkOutTradeNo(outTradeNo);
    try {
      const data = await this.call('query', () => this.pay.query({ out_trade_no: outTradeNo }));
      const t = data as Partial<WechatPayTransaction> | undefined;
      if (typeof t?.out_trade_no !== 'string' || typeof t.trade_state !== 'string')
        throw new WechatPayUnavailableError('query', 'response without out_trade_no/trade_state');
      return t as WechatPayTransaction;
    } catch (err) {
      if (err instanceof WechatPayApiError && err.status === 404 && ORDER_NOT_FOUND.has(err.code)) return null;
      throw err;
    }
  }

  /**
   * Closes an unpaid order. Already closed counts as success; a paid order throws
   * WechatPayOrderPaidError (query it and record the payment instead).
   */
  async close(outTradeNo: string): Promise<void> {
    checkOutTradeNo(outTradeNo);
    try {
      await this.call('close', () => this.pay.close(outTradeNo));
    } catch (err) {
      if (err instanceof WechatPayApiError && ALREADY_CLOSED.has(err.code)) return;
      throw err;
    }
  }

  /**
   * Applies for a refund. WeChat Pay treats `outRefundNo` as the idempotency key: retry a failed or
   * timed-out call with the same one, never a new one.
   */
  async refund(input: RefundInput): Promise<WechatPayRefund> {
    checkOutTradeNo(input.outTradeNo);
    checkOutRefundNo(input.outRefundNo);
    checkFen('refund', input.refund);
    checkFen('total', input.total);
    if (input.refund > input.total) throw new RangeError('refund must not exceed total');
    const data = await this.call('refund', () =>
      this.pay.refunds({
        out_trade_no: input.outTradeNo,
        out_refund_no: input.outRefundNo,
        ...(input.reason ? { reason: truncate(input.reason, 80) } : {}),
        notify_url: input.notifyUrl ?? `${this.cfg.notifyBase}${WECHAT_PAY_REFUND_NOTIFY_PATH}`,
        amount: { refund: input.refund, total: input.total, currency: 'CNY' },
      }),
    );
    return asRefund('refund', data);
  }

  /** The refund at WeChat Pay. Unknown refunds throw WechatPayApiError 404 RESOURCE_NOT_EXISTS. */
  async queryRefund(outRefundNo: string): Promise<WechatPayRefund> {
    checkOutRefundNo(outRefundNo);
    const data = await this.call('queryRefund', () => this.pay.find_refunds(outRefundNo));
    return asRefund('queryRefund', data);
  }

  /**
   * Creates a merchant transfer bill in user-confirm mode (commission withdrawals). `outBillNo` is the idempotency
   * key: retry with the same one. The package has no helper for these paths, so the request is signed here by the v3
   * rule itself (the package drops the body line of a bodiless POST).
   */
  async createTransferBill(input: TransferBillInput): Promise<WechatTransferBill> {
    checkOutBillNo(input.outBillNo);
    checkFen('amount', input.amount);
    const name = input.userName?.trim();
    if (!name && input.amount >= TRANSFER_REAL_NAME_MIN_FEN) throw new RangeError('userName is required from 2,000 yuan up');
    const t = this.cfg.transfer;
    const body = {
      appid: this.appId,
      out_bill_no: input.outBillNo,
      transfer_scene_id: t.sceneId,
      openid: input.openid,
      ...(name ? { user_name: this.encrypt(name) } : {}),
      transfer_amount: input.amount,
      transfer_remark: truncate(t.remark, 32),
      notify_url: input.notifyUrl ?? `${this.cfg.notifyBase}${WECHAT_PAY_TRANSFER_NOTIFY_PATH}`,
      user_recv_perception: t.userRecvPerception,
      transfer_scene_report_infos: t.reportInfos.map((i) => ({ info_type: i.infoType, info_content: i.infoContent })),
    };
    // The serial tells WeChat Pay which of its keys encrypted user_name.
    const extra = name ? { 'Wechatpay-Serial': this.encryptKey.serial } : undefined;
    return asBill(
      'transferBill',
      await this.call('transferBill', () => this.signedSend('POST', TRANSFER_BILLS, JSON.stringify(body), extra)),
    );
  }

  /** A sensitive field for WeChat Pay: RSA-OAEP (SHA-1, as WeChat Pay v3 specifies) with its public key, base64. */
  private encrypt(text: string): string {
    return publicEncrypt(
      { key: this.encryptKey.key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(text, 'utf8'),
    ).toString('base64');
  }

  /** The bill at WeChat Pay; `null` when WeChat Pay has none under this number. */
  async queryTransferBill(outBillNo: string): Promise<WechatTransferBill | null> {
    checkOutBillNo(outBillNo);
    try {
      return asBill(
        'queryTransferBill',
        await this.call('queryTransferBill', () => this.signedSend('GET', `${TRANSFER_BILLS}/out-bill-no/${outBillNo}`)),
      );
    } catch (err) {
      if (err instanceof WechatPayApiError && err.status === 404) return null;
      throw err;
    }
  }

  /** A v3 request signed by the rule: METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n (BODY empty without one). */
  private signedSend(method: 'GET' | 'POST', path: string, body?: string, extra?: Record<string, string>): Promise<PayOutput> {
    const nonce = randomBytes(16).toString('hex').toUpperCase();
    const timestamp = Math.floor(Date.now() / 1000).toString();
    const signature = createSign('RSA-SHA256')
      .update(`${method}\n${path}\n${timestamp}\n${nonce}\n${body ?? ''}\n`)
      .sign(this.merchantKey, 'base64');
    const headers = {
      Authorization: `WECHATPAY2-SHA256-RSA2048 mchid="${this.cfg.mchId}",nonce_str="${nonce}",timestamp="${timestamp}",serial_no="${this.cfg.serialNo}",signature="${signature}"`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'User-Agent': 'wxmall',
      ...extra,
    };
    return this.send(method, `${WECHATPAY_ORIGIN}${path}`, headers, body);
  }

  /** Runs one package call; returns the 2xx body or throws the typed error. */
  private async call(api: string, request: () => Promise<PayOutput>): Promise<unknown> {
    let out: PayOutput;
    try {
      out = await request();
    } catch (err) {
      if (err instanceof TransportError) throw new WechatPayUnavailableError(api, err.message);
      throw err;
    }
    if (out.status >= 200 && out.status < 300) return out.data as unknown;
    throw wechatPayErrorFrom(api, out.status, out.data);
  }

  private http(): PayHttp {
    return {
      post: (url, params, headers) => this.send('POST', url, headers, JSON.stringify(params)),
      get: (url, headers) => this.send('GET', url, headers),
      upload: () => Promise.reject(new Error('WeChat Pay uploads are not supported')),
    };
  }

  /**
   * Sends what the package signed: its headers (Authorization, Accept, User-Agent, Content-Type)
   * and, for POST, `JSON.stringify` of the same object it signed, so the bytes match the signature.
   * Never logs or echoes the headers: Authorization is a credential.
   */
  private async send(method: 'GET' | 'POST', url: string, headers: Record<string, unknown>, body?: string): Promise<PayOutput> {
    const target = url.startsWith(WECHATPAY_ORIGIN) ? this.cfg.baseUrl + url.slice(WECHATPAY_ORIGIN.length) : undefined;
    if (!target) throw new Error(`unexpected WeChat Pay URL ${url}`);
    const h: Record<string, string> = {};
    // fetch negotiates compression itself.
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'accept-encoding') h[k] = String(v);
    let status: number;
    let text: string;
    try {
      const res = await fetch(target, { method, headers: h, body, signal: AbortSignal.timeout(this.cfg.timeoutMs) });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const e = err as Error;
      throw new TransportError(e.name === 'TimeoutError' ? `timed out after ${this.cfg.timeoutMs}ms` : `${e.message}${causeOf(e)}`);
    }
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = undefined;
    }
    const ok = status >= 200 && status < 300;
    // The package reads `data.prepay_id` on 200, so a 2xx always carries an object.
    return ok ? { status, data: data ?? {} } : { status, data, error: text.slice(0, 500) };
  }
}

/**
 * The key to encrypt sensitive fields with: the WeChat Pay public key (PUB_KEY_ID_...) when configured, else the
 * first configured platform certificate. During a migration both are listed; WeChat Pay decrypts with either as long
 * as `Wechatpay-Serial` names the one used.
 */
function encryptionKeyOf(publicKeys: Readonly<Record<string, string>>): { serial: string; key: KeyObject } {
  const serials = Object.keys(publicKeys);
  const serial = serials.find((s) => s.startsWith('PUB_KEY_ID_')) ?? serials[0];
  if (!serial) throw new Error('WXPAY_PUBLIC_KEYS holds no key');
  return { serial, key: createPublicKey(publicKeys[serial]!) };
}

/** undici hides the useful part (ECONNREFUSED, ...) in `cause`. */
function causeOf(e: Error): string {
  const cause = e.cause as { code?: unknown; message?: unknown } | undefined;
  const detail = cause?.code ?? cause?.message;
  return typeof detail === 'string' ? ` (${detail})` : '';
}

function asRefund(api: string, data: unknown): WechatPayRefund {
  const r = data as Partial<WechatPayRefund> | undefined;
  if (typeof r?.refund_id !== 'string' || typeof r.status !== 'string' || typeof r.amount?.refund !== 'number')
    throw new WechatPayUnavailableError(api, 'response without refund_id/status/amount');
  return r as WechatPayRefund;
}

function asBill(api: string, data: unknown): WechatTransferBill {
  const b = data as Partial<WechatTransferBill> | undefined;
  if (typeof b?.out_bill_no !== 'string' || typeof b.state !== 'string')
    throw new WechatPayUnavailableError(api, 'response without out_bill_no/state');
  return b as WechatTransferBill;
}

function checkOutBillNo(v: string): void {
  if (!OUT_BILL_NO.test(v)) throw new RangeError('outBillNo must be 5-32 letters or digits');
}

function checkOutTradeNo(v: string): void {
  // Also keeps path and query syntax out of the URL the package builds from it.
  if (!OUT_TRADE_NO.test(v)) throw new RangeError('outTradeNo must be 6-32 characters of [0-9A-Za-z_-|*]');
}
function checkOutRefundNo(v: string): void {
  if (!OUT_REFUND_NO.test(v)) throw new RangeError('outRefundNo must be 1-64 characters of [0-9A-Za-z_-|*@]');
}
function checkFen(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer amount in fen`);
}
/** By code points, so a truncated description never ends in half a surrogate pair. */
function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : chars.slice(0, max).join('');
}
