import { constants, createCipheriv, type KeyObject, privateDecrypt, randomBytes, randomInt, sign, verify } from 'node:crypto';
import { type Clock } from '@app/common';
import { SystemClock } from '@app/common/testing';
import { formatWechatPayTime, type WechatPayRefundStatus } from '@app/wechat';
import { FakeHttpServer, type FakeHandler, type FakeRequest, type FakeResponse } from './fake-server';
import { TEST_APPID } from './fake-wechat-api';
import { generateTestPayKeys, testPayEnv, type TestPayEnvOptions, type TestPayKeys } from './test-pay-keys';

export type FakePayTradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

export interface FakePayOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  attach?: string;
  notifyUrl: string;
  timeExpire?: string;
  total: number;
  openid: string;
  prepayId: string;
  state: FakePayTradeState;
  transactionId?: string;
  payerTotal?: number;
  successTime?: Date;
}

export interface FakePayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  reason?: string;
  notifyUrl?: string;
  refund: number;
  total: number;
  status: WechatPayRefundStatus;
  createTime: Date;
  successTime?: Date;
}

export type FakeTransferState = 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELLED';

/** A merchant transfer bill (商家转账, user-confirm mode). */
export interface FakeTransferBill {
  outBillNo: string;
  transferBillNo: string;
  appid: string;
  openid: string;
  amount: number;
  sceneId: string;
  /** `user_name` as WeChat Pay decrypted it (with the private key named by `Wechatpay-Serial`). */
  userName?: string;
  notifyUrl?: string;
  packageInfo: string;
  state: FakeTransferState;
  failReason?: string;
  createTime: Date;
  updateTime: Date;
}

/** Which of the fake's WeChat Pay keys signs: the public-key-mode key or the platform certificate. */
export type FakePaySigner = 'wechatpay' | 'platform';

export interface FakeWechatPayOptions {
  /** Generated on start() when omitted. */
  keys?: TestPayKeys;
  appid?: string;
  /** Time of notifications, response signatures and success times: pass the app's ManualClock. */
  clock?: Clock;
  /** Default signer of responses and notifications. */
  signer?: FakePaySigner;
}

export interface NotificationOptions {
  /** Fixed event id (to send duplicates); default a fresh EV-... */
  id?: string;
  eventType?: string;
  /** Sign with this configured key (its serial goes in Wechatpay-Serial). */
  key?: FakePaySigner;
  /** Forgery: sign with another private key (PEM or KeyObject) under the normal serial. */
  signWith?: string | KeyObject;
  /** Forgery: claim this Wechatpay-Serial. */
  serial?: string;
  /** Shift Wechatpay-Timestamp from the fake's clock (stale or future notifications). */
  timestampOffsetSec?: number;
  /**
   * Break one thing while keeping everything else valid: ciphertext/tag/aad are changed before the
   * body is signed (so only the GCM check can catch them); signature/body are changed after signing.
   */
  tamper?: 'ciphertext' | 'tag' | 'aad' | 'signature' | 'body';
  /** A `WECHATPAY/SIGNTEST/` probe signature, as WeChat Pay sends to test merchants. */
  signTestProbe?: boolean;
}

export interface TransactionNotificationOptions extends NotificationOptions {
  amountTotal?: number;
  mchid?: string;
  appid?: string;
}

/** A notification as WeChat Pay would POST it: send `body` byte for byte with `headers`. */
export interface FakeNotification {
  id: string;
  headers: Record<string, string>;
  body: string;
}

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_SKEW_SECONDS = 300;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const fail = (status: number, code: string, message: string): FakeResponse => ({ status, body: { code, message } });

/**
 * Stands in for api.mch.weixin.qq.com (JSAPI direct merchant): verifies every request's
 * WECHATPAY2-SHA256-RSA2048 signature with the merchant public key, keeps orders and refunds in
 * memory with WeChat's rules, signs its responses, and builds notifications encrypted and signed
 * exactly like WeChat Pay's. `failNext` injects timeouts (`delayMs`), 5xx, SYSTEM_ERROR, ...
 */
export class FakeWechatPay extends FakeHttpServer {
  static readonly SYSTEM_ERROR: FakeResponse = fail(500, 'SYSTEM_ERROR', '系统错误');
  static readonly FREQUENCY_LIMITED: FakeResponse = fail(429, 'FREQUENCY_LIMITED', '频率超限');

  readonly orders = new Map<string, FakePayOrder>();
  readonly refunds = new Map<string, FakePayRefund>();
  readonly transfers = new Map<string, FakeTransferBill>();
  readonly appid: string;
  signer: FakePaySigner;
  private readonly clock: Clock;
  private generated?: TestPayKeys;

  constructor(private readonly opts: FakeWechatPayOptions = {}) {
    super();
    this.appid = opts.appid ?? TEST_APPID;
    this.clock = opts.clock ?? new SystemClock();
    this.signer = opts.signer ?? 'wechatpay';
    this.api('POST', '/v3/pay/transactions/jsapi', (r) => this.jsapi(r));
    this.api('GET', '/v3/pay/transactions/out-trade-no/', (r) => this.queryOrder(r));
    this.api('POST', '/v3/pay/transactions/out-trade-no/', (r) => this.closeOrder(r));
    this.api('POST', '/v3/refund/domestic/refunds', (r) => this.createRefund(r));
    this.api('GET', '/v3/refund/domestic/refunds/', (r) => this.findRefund(r));
    this.api('POST', '/v3/fund-app/mch-transfer/transfer-bills', (r) => this.createTransfer(r));
    this.api('GET', '/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/', (r) => this.queryTransfer(r));
  }

  get keys(): TestPayKeys {
    const keys = this.opts.keys ?? this.generated;
    if (!keys) throw new Error('FakeWechatPay: start() it first (keys are generated there)');
    return keys;
  }

  override async start(): Promise<this> {
    if (!this.opts.keys) this.generated ??= await generateTestPayKeys();
    return super.start();
  }

  /** Environment keys for `loadConfig` / `startTestApp({ env })`, pointing WXPAY_BASE_URL here. */
  env(opts: Partial<TestPayEnvOptions> = {}): Record<string, string> {
    return testPayEnv(this.keys, { baseUrl: this.url, appId: this.appid, ...opts });
  }

  // ---- test controls -------------------------------------------------------------------------

  /** The user pays: the order becomes SUCCESS with a transaction id. Returns the Transaction JSON. */
  pay(outTradeNo: string, opts: { openid?: string; payerTotal?: number; transactionId?: string } = {}): Record<string, unknown> {
    const o = this.order(outTradeNo);
    if (o.state !== 'NOTPAY') throw new Error(`FakeWechatPay.pay: ${outTradeNo} is ${o.state}`);
    o.state = 'SUCCESS';
    o.transactionId = opts.transactionId ?? `4200${digits(24)}`;
    o.payerTotal = opts.payerTotal ?? o.total;
    o.successTime = this.clock.now();
    if (opts.openid) o.openid = opts.openid;
    return this.transactionJson(o);
  }

  /** WeChat Pay finishes a refund. CLOSED gives the amount back to the refundable balance. */
  settleRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): Record<string, unknown> {
    const r = this.refunds.get(outRefundNo);
    if (!r) throw new Error(`FakeWechatPay.settleRefund: no refund ${outRefundNo}`);
    r.status = status;
    if (status === 'SUCCESS') r.successTime = this.clock.now();
    return this.refundJson(r);
  }

  /** The user confirms receipt in WeChat's page: the money moves (SUCCESS). */
  confirmTransfer(outBillNo: string): Record<string, unknown> {
    return this.finishTransfer(outBillNo, 'SUCCESS');
  }

  /** The user declines (or never confirms until WeChat closes the bill): CANCELLED. */
  declineTransfer(outBillNo: string): Record<string, unknown> {
    return this.finishTransfer(outBillNo, 'CANCELLED');
  }

  /** WeChat Pay fails the transfer (e.g. the user's real-name check). */
  failTransfer(outBillNo: string, reason = 'PAYEE_ACCOUNT_ABNORMAL'): Record<string, unknown> {
    return this.finishTransfer(outBillNo, 'FAIL', reason);
  }

  transfer(outBillNo: string): FakeTransferBill {
    const b = this.transfers.get(outBillNo);
    if (!b) throw new Error(`FakeWechatPay: no transfer bill ${outBillNo}`);
    return b;
  }

  /** MCHTRANSFER.BILL.FINISHED for a bill in its current state. */
  transferNotification(outBillNo: string, opts: NotificationOptions & { mchid?: string; state?: string } = {}): FakeNotification {
    const b = this.transfer(outBillNo);
    const resource = { ...this.transferJson(b), mchid: opts.mchid ?? this.keys.mchId, ...(opts.state ? { state: opts.state } : {}) };
    return this.notification(opts.eventType ?? 'MCHTRANSFER.BILL.FINISHED', '商家转账单据终态通知', 'mch_payment', resource, opts);
  }

  private finishTransfer(outBillNo: string, state: 'SUCCESS' | 'FAIL' | 'CANCELLED', failReason?: string): Record<string, unknown> {
    const b = this.transfer(outBillNo);
    if (b.state !== 'WAIT_USER_CONFIRM' && b.state !== 'TRANSFERING') throw new Error(`FakeWechatPay: bill ${outBillNo} is ${b.state}`);
    b.state = state;
    b.failReason = failReason;
    b.updateTime = this.clock.now();
    return this.transferJson(b);
  }

  order(outTradeNo: string): FakePayOrder {
    const o = this.orders.get(outTradeNo);
    if (!o) throw new Error(`FakeWechatPay: no order ${outTradeNo}`);
    return o;
  }

  /** TRANSACTION.SUCCESS for a paid order; overrides let tests forge business mismatches. */
  transactionNotification(outTradeNo: string, opts: TransactionNotificationOptions = {}): FakeNotification {
    const o = this.order(outTradeNo);
    if (o.state !== 'SUCCESS' && o.state !== 'REFUND') throw new Error(`FakeWechatPay: ${outTradeNo} is not paid (call pay() first)`);
    const t = this.transactionJson(o);
    const resource = {
      ...t,
      appid: opts.appid ?? t.appid,
      mchid: opts.mchid ?? t.mchid,
      amount: { ...(t.amount as object), ...(opts.amountTotal !== undefined ? { total: opts.amountTotal } : {}) },
    };
    return this.notification(opts.eventType ?? 'TRANSACTION.SUCCESS', '支付成功', 'transaction', resource, opts);
  }

  /** REFUND.SUCCESS / REFUND.ABNORMAL / REFUND.CLOSED by the refund's current status (settle it first). */
  refundNotification(outRefundNo: string, opts: NotificationOptions = {}): FakeNotification {
    const r = this.refunds.get(outRefundNo);
    if (!r) throw new Error(`FakeWechatPay: no refund ${outRefundNo}`);
    if (r.status === 'PROCESSING' && !opts.eventType) throw new Error(`FakeWechatPay: refund ${outRefundNo} is still PROCESSING`);
    const summary = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭', PROCESSING: '退款处理中' }[r.status];
    const resource = {
      mchid: this.keys.mchId,
      out_trade_no: r.outTradeNo,
      transaction_id: r.transactionId,
      out_refund_no: r.outRefundNo,
      refund_id: r.refundId,
      refund_status: r.status,
      ...(r.successTime ? { success_time: formatWechatPayTime(r.successTime) } : {}),
      user_received_account: '支付用户零钱',
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund },
    };
    return this.notification(opts.eventType ?? `REFUND.${r.status}`, summary, 'refund', resource, opts);
  }

  /** Any notification: `resource` is encrypted with the APIv3 key and the envelope signed. */
  notification(
    eventType: string,
    summary: string,
    originalType: string,
    resource: unknown,
    opts: NotificationOptions = {},
  ): FakeNotification {
    const id = opts.id ?? `EV-${digits(22)}`;
    const nonce = Array.from({ length: 12 }, () => ALNUM[randomInt(ALNUM.length)]).join('');
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(this.keys.apiV3Key, 'utf8'), Buffer.from(nonce, 'utf8'));
    cipher.setAAD(Buffer.from(originalType, 'utf8'));
    const data = Buffer.concat([cipher.update(JSON.stringify(resource), 'utf8'), cipher.final(), cipher.getAuthTag()]);
    if (opts.tamper === 'ciphertext') data[0]! ^= 0x01;
    if (opts.tamper === 'tag') data[data.length - 1]! ^= 0x01;
    const envelope = {
      id,
      create_time: formatWechatPayTime(this.clock.now()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: data.toString('base64'),
        associated_data: opts.tamper === 'aad' ? `${originalType}-x` : originalType,
        nonce,
      },
    };
    let body = JSON.stringify(envelope);
    const headers = this.signBody(body, opts);
    if (opts.tamper === 'body') body = body.replace(`"summary":"${summary}"`, `"summary":"${summary}!"`);
    return { id, body, headers: { 'Content-Type': 'application/json', 'User-Agent': 'Mozilla/4.0', ...headers } };
  }

  /** POSTs a notification to `url` with its raw body exactly as signed. */
  async deliver(url: string, n: FakeNotification): Promise<{ status: number; body: any }> {
    const res = await fetch(url, { method: 'POST', headers: n.headers, body: n.body });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: res.status, body: text };
    }
  }

  // ---- the API ---------------------------------------------------------------------------------

  /** Every route checks the request signature first and signs its answer, like WeChat Pay. */
  private api(method: string, path: string, handler: FakeHandler): void {
    this.route(method, path, async (r) => this.signResponse(this.authenticate(r) ?? (await handler(r))));
  }

  private authenticate(r: FakeRequest): FakeResponse | undefined {
    const signError = (why: string): FakeResponse => fail(401, 'SIGN_ERROR', `签名错误: ${why}`);
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(String(r.headers.authorization ?? ''));
    if (!m) return signError('missing or unsupported Authorization');
    const p: Record<string, string> = {};
    for (const [, k, v] of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) p[k!] = v!;
    if (p.mchid !== this.keys.mchId) return signError('mchid does not match');
    if (p.serial_no !== this.keys.merchantSerial) return signError('serial_no is not the merchant certificate');
    if (!p.nonce_str || !p.signature || !/^\d+$/.test(p.timestamp ?? '')) return signError('incomplete Authorization');
    // The package signs with the real time, so freshness is judged on the real clock too.
    if (Math.abs(Date.now() / 1000 - Number(p.timestamp)) > MAX_SKEW_SECONDS) return signError('timestamp expired');
    const message = `${r.method}\n${r.url}\n${p.timestamp}\n${p.nonce_str}\n${r.rawBody}\n`;
    if (!verify('sha256', Buffer.from(message), this.keys.merchant.publicKey, Buffer.from(p.signature, 'base64')))
      return signError('signature does not verify with the merchant public key');
    return undefined;
  }

  private jsapi(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as Record<string, any>;
    if (b.appid !== this.appid || b.mchid !== this.keys.mchId) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    const bad = (field: string): FakeResponse => fail(400, 'PARAM_ERROR', `输入源"/body/${field}"校验失败`);
    if (typeof b.description !== 'string' || b.description === '' || Array.from(b.description).length > 127) return bad('description');
    if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no)) return bad('out_trade_no');
    if (!Number.isSafeInteger(b.amount?.total) || b.amount.total <= 0) return bad('amount/total');
    if (b.amount.currency !== undefined && b.amount.currency !== 'CNY') return bad('amount/currency');
    if (!validNotifyUrl(b.notify_url)) return bad('notify_url');
    if (b.time_expire !== undefined && !(typeof b.time_expire === 'string' && RFC3339.test(b.time_expire) && Date.parse(b.time_expire) > 0))
      return bad('time_expire');
    if (b.attach !== undefined && (typeof b.attach !== 'string' || Array.from(b.attach).length > 128)) return bad('attach');
    if (typeof b.payer?.openid !== 'string' || b.payer.openid === '') return bad('payer/openid');

    const existing = this.orders.get(b.out_trade_no);
    if (existing) {
      if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail(400, 'ORDERPAID', '该订单已支付');
      if (existing.state === 'CLOSED') return fail(403, 'ORDER_CLOSED', '该订单已关闭');
      const same =
        existing.total === b.amount.total &&
        existing.openid === b.payer.openid &&
        existing.description === b.description &&
        existing.appid === b.appid;
      if (!same) return fail(400, 'INVALID_REQUEST', '201 商户订单号重复');
      return { body: { prepay_id: existing.prepayId } };
    }
    const order: FakePayOrder = {
      appid: b.appid,
      mchid: b.mchid,
      outTradeNo: b.out_trade_no,
      description: b.description,
      attach: b.attach,
      notifyUrl: b.notify_url,
      timeExpire: b.time_expire,
      total: b.amount.total,
      openid: b.payer.openid,
      prepayId: `wx${randomBytes(16).toString('hex')}`,
      state: 'NOTPAY',
    };
    this.orders.set(order.outTradeNo, order);
    return { body: { prepay_id: order.prepayId } };
  }

  private queryOrder(r: FakeRequest): FakeResponse {
    const no = tail(r.path, '/v3/pay/transactions/out-trade-no/');
    if (!no) return fail(404, 'NOT_FOUND', 'no such route');
    if (r.query.get('mchid') !== this.keys.mchId) return fail(400, 'PARAM_ERROR', 'mchid is required and must be yours');
    const o = this.orders.get(no);
    if (!o) return fail(404, 'ORDERNOTEXIST', '订单不存在');
    return { body: this.transactionJson(o) };
  }

  private closeOrder(r: FakeRequest): FakeResponse {
    const path = tail(r.path, '/v3/pay/transactions/out-trade-no/', true) ?? '';
    const no = path.endsWith('/close') ? path.slice(0, -'/close'.length) : '';
    if (!no || no.includes('/')) return fail(404, 'NOT_FOUND', 'no such route');
    if ((r.body as { mchid?: unknown } | undefined)?.mchid !== this.keys.mchId)
      return fail(400, 'PARAM_ERROR', 'mchid is required and must be yours');
    const o = this.orders.get(no);
    if (!o) return fail(404, 'ORDERNOTEXIST', '订单不存在');
    if (o.state === 'SUCCESS' || o.state === 'REFUND') return fail(400, 'ORDERPAID', '订单已支付');
    o.state = 'CLOSED';
    return { status: 204 };
  }

  private createRefund(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as Record<string, any>;
    const bad = (field: string): FakeResponse => fail(400, 'PARAM_ERROR', `输入源"/body/${field}"校验失败`);
    if (typeof b.out_refund_no !== 'string' || !OUT_REFUND_NO.test(b.out_refund_no)) return bad('out_refund_no');
    if (!Number.isSafeInteger(b.amount?.refund) || b.amount.refund <= 0) return bad('amount/refund');
    if (!Number.isSafeInteger(b.amount?.total) || b.amount.total <= 0) return bad('amount/total');
    if (b.amount.currency !== 'CNY') return bad('amount/currency');
    if (b.reason !== undefined && (typeof b.reason !== 'string' || Array.from(b.reason).length > 80)) return bad('reason');
    if (b.notify_url !== undefined && !validNotifyUrl(b.notify_url)) return bad('notify_url');
    const o =
      typeof b.out_trade_no === 'string'
        ? this.orders.get(b.out_trade_no)
        : [...this.orders.values()].find((x) => x.transactionId !== undefined && x.transactionId === b.transaction_id);
    if (!o) return fail(404, 'RESOURCE_NOT_EXISTS', '订单不存在');

    const existing = this.refunds.get(b.out_refund_no);
    if (existing) {
      // Same out_refund_no = the same refund: a retry gets the refund as it stands.
      if (existing.outTradeNo !== o.outTradeNo || existing.refund !== b.amount.refund)
        return fail(400, 'INVALID_REQUEST', '退款单号已存在，但请求参数与之前不一致');
      return { body: this.refundJson(existing) };
    }
    if (o.state !== 'SUCCESS' && o.state !== 'REFUND') return fail(400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (b.amount.total !== o.total) return fail(400, 'PARAM_ERROR', '订单金额与原订单不一致');
    if (b.amount.refund > this.refundable(o)) return fail(400, 'NOT_ENOUGH', '申请退款金额超过订单可退金额');
    const refund: FakePayRefund = {
      refundId: `5030${digits(25)}`,
      outRefundNo: b.out_refund_no,
      outTradeNo: o.outTradeNo,
      transactionId: o.transactionId!,
      reason: b.reason,
      notifyUrl: b.notify_url,
      refund: b.amount.refund,
      total: o.total,
      status: 'PROCESSING',
      createTime: this.clock.now(),
    };
    this.refunds.set(refund.outRefundNo, refund);
    o.state = 'REFUND';
    return { body: this.refundJson(refund) };
  }

  private createTransfer(r: FakeRequest): FakeResponse {
    const b = (r.body ?? {}) as Record<string, any>;
    const bad = (field: string): FakeResponse => fail(400, 'PARAM_ERROR', `输入源"/body/${field}"校验失败`);
    if (b.appid !== this.appid) return fail(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配');
    if (typeof b.out_bill_no !== 'string' || !/^[0-9A-Za-z]{5,32}$/.test(b.out_bill_no)) return bad('out_bill_no');
    if (typeof b.transfer_scene_id !== 'string' || b.transfer_scene_id === '') return bad('transfer_scene_id');
    if (typeof b.openid !== 'string' || b.openid === '') return bad('openid');
    if (!Number.isSafeInteger(b.transfer_amount) || b.transfer_amount < 10) return bad('transfer_amount');
    let userName: string | undefined;
    if (b.user_name !== undefined) {
      const decrypted = this.decryptSensitive(r, b.user_name);
      if (typeof decrypted !== 'string') return decrypted;
      userName = decrypted;
    }
    if (b.transfer_amount >= 200_000 && !userName) return bad('user_name');
    if (typeof b.transfer_remark !== 'string' || b.transfer_remark === '' || Array.from(b.transfer_remark).length > 32)
      return bad('transfer_remark');
    if (b.notify_url !== undefined && !validNotifyUrl(b.notify_url)) return bad('notify_url');
    if (typeof b.user_recv_perception !== 'string' || b.user_recv_perception === '') return bad('user_recv_perception');
    const infos = b.transfer_scene_report_infos as unknown;
    if (
      !Array.isArray(infos) ||
      infos.length === 0 ||
      !infos.every((i: any) => typeof i?.info_type === 'string' && typeof i?.info_content === 'string')
    )
      return bad('transfer_scene_report_infos');
    const existing = this.transfers.get(b.out_bill_no);
    if (existing) {
      // The same out_bill_no with the same content is the same bill (a retry); anything else is refused.
      if (existing.amount !== b.transfer_amount || existing.openid !== b.openid || existing.userName !== userName)
        return fail(400, 'INVALID_REQUEST', '商户单号重复，但请求参数不一致');
      return { body: this.transferJson(existing) };
    }
    const now = this.clock.now();
    const bill: FakeTransferBill = {
      outBillNo: b.out_bill_no,
      transferBillNo: `1330${digits(36)}`,
      appid: b.appid,
      openid: b.openid,
      amount: b.transfer_amount,
      sceneId: b.transfer_scene_id,
      userName,
      notifyUrl: b.notify_url,
      packageInfo: randomBytes(24).toString('base64'),
      state: 'WAIT_USER_CONFIRM',
      createTime: now,
      updateTime: now,
    };
    this.transfers.set(bill.outBillNo, bill);
    return { body: this.transferJson(bill) };
  }

  /**
   * A field the merchant encrypted with one of WeChat Pay's public keys (RSA-OAEP, SHA-1): the request must name the
   * key in `Wechatpay-Serial`, and only its private key decrypts it.
   */
  private decryptSensitive(r: FakeRequest, value: unknown): string | FakeResponse {
    const serial = String(r.headers['wechatpay-serial'] ?? '');
    const key =
      serial === this.keys.wechatPay.serial ? this.keys.wechatPay : serial === this.keys.platform.serial ? this.keys.platform : undefined;
    if (!key) return fail(400, 'PARAM_ERROR', 'Wechatpay-Serial 缺失或不是微信支付公钥/平台证书序列号');
    if (typeof value !== 'string' || value === '') return fail(400, 'PARAM_ERROR', '输入源"/body/user_name"校验失败');
    try {
      const plain = privateDecrypt(
        { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(value, 'base64'),
      ).toString('utf8');
      return plain === '' ? fail(400, 'PARAM_ERROR', '输入源"/body/user_name"校验失败') : plain;
    } catch {
      return fail(400, 'PARAM_ERROR', '敏感信息解密失败');
    }
  }

  private queryTransfer(r: FakeRequest): FakeResponse {
    const no = tail(r.path, '/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/');
    const bill = no ? this.transfers.get(no) : undefined;
    if (!bill) return fail(404, 'NOT_FOUND', '记录不存在');
    return { body: { ...this.transferJson(bill), mch_id: this.keys.mchId } };
  }

  private transferJson(b: FakeTransferBill): Record<string, unknown> {
    return {
      out_bill_no: b.outBillNo,
      transfer_bill_no: b.transferBillNo,
      create_time: formatWechatPayTime(b.createTime),
      update_time: formatWechatPayTime(b.updateTime),
      state: b.state,
      transfer_amount: b.amount,
      openid: b.openid,
      ...(b.state === 'WAIT_USER_CONFIRM' ? { package_info: b.packageInfo } : {}),
      ...(b.failReason ? { fail_reason: b.failReason } : {}),
    };
  }

  private findRefund(r: FakeRequest): FakeResponse {
    const no = tail(r.path, '/v3/refund/domestic/refunds/');
    const refund = no ? this.refunds.get(no) : undefined;
    if (!refund) return fail(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    return { body: this.refundJson(refund) };
  }

  /** Total less every refund that has not been closed. */
  private refundable(o: FakePayOrder): number {
    let used = 0;
    for (const r of this.refunds.values()) if (r.outTradeNo === o.outTradeNo && r.status !== 'CLOSED') used += r.refund;
    return o.total - used;
  }

  private transactionJson(o: FakePayOrder): Record<string, unknown> {
    const paid = o.state === 'SUCCESS' || o.state === 'REFUND';
    const desc = { NOTPAY: '订单未支付', SUCCESS: '支付成功', CLOSED: '订单已关闭', REFUND: '订单发生过退款' }[o.state];
    return {
      appid: o.appid,
      mchid: o.mchid,
      out_trade_no: o.outTradeNo,
      ...(paid ? { transaction_id: o.transactionId, trade_type: 'JSAPI', bank_type: 'OTHERS' } : {}),
      trade_state: o.state,
      trade_state_desc: desc,
      attach: o.attach ?? '',
      ...(paid && o.successTime ? { success_time: formatWechatPayTime(o.successTime) } : {}),
      ...(paid ? { payer: { openid: o.openid } } : {}),
      amount: { total: o.total, ...(paid ? { payer_total: o.payerTotal } : {}), currency: 'CNY', payer_currency: 'CNY' },
      promotion_detail: [],
    };
  }

  private refundJson(r: FakePayRefund): Record<string, unknown> {
    return {
      refund_id: r.refundId,
      out_refund_no: r.outRefundNo,
      transaction_id: r.transactionId,
      out_trade_no: r.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(r.successTime ? { success_time: formatWechatPayTime(r.successTime) } : {}),
      create_time: formatWechatPayTime(r.createTime),
      status: r.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: r.total,
        refund: r.refund,
        from: [],
        payer_total: r.total,
        payer_refund: r.refund,
        settlement_refund: r.refund,
        settlement_total: r.total,
        discount_refund: 0,
        currency: 'CNY',
      },
      promotion_detail: [],
    };
  }

  // ---- signatures (WeChat Pay side) ------------------------------------------------------------

  private signResponse(out: FakeResponse): FakeResponse {
    const text = out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    return { ...out, body: text === '' ? undefined : text, headers: { ...out.headers, ...this.signBody(text, {}) } };
  }

  /** Wechatpay-* headers over `timestamp\nnonce\nbody\n`, with the forgeries NotificationOptions asks for. */
  signBody(body: string, opts: NotificationOptions = {}): Record<string, string> {
    const which = opts.key ?? this.signer;
    const key = which === 'platform' ? this.keys.platform : this.keys.wechatPay;
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000) + (opts.timestampOffsetSec ?? 0));
    const nonce = randomBytes(16).toString('hex');
    const sig = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${body}\n`, 'utf8'), opts.signWith ?? key.privateKey);
    if (opts.tamper === 'signature') sig[sig.length - 1]! ^= 0x01;
    const signature = opts.signTestProbe ? `WECHATPAY/SIGNTEST/${sig.toString('base64')}` : sig.toString('base64');
    return {
      'Request-ID': randomBytes(12).toString('hex'),
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Serial': opts.serial ?? key.serial,
      'Wechatpay-Signature': signature,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
    };
  }
}

/** The path part after `prefix`; without `nested`, only a single segment. */
function tail(path: string, prefix: string, nested = false): string | undefined {
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(prefix.length));
  } catch {
    return undefined;
  }
  return rest === '' || (!nested && rest.includes('/')) ? undefined : rest;
}

/** http(s), absolute, no query string (WeChat Pay refuses notify URLs with parameters). */
function validNotifyUrl(v: unknown): boolean {
  if (typeof v !== 'string' || v.length > 255 || v.includes('?') || v.includes('#')) return false;
  try {
    return ['https:', 'http:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}

function digits(n: number): string {
  return Array.from({ length: n }, () => randomInt(10)).join('');
}
