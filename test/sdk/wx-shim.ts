import type { WxCallContainerOptions, WxLike, WxPaymentParams, WxRequestOptions, WxResponse } from '../../clients/miniprogram/src';
import type { TestApp } from '@app/testing';

export interface WxShimOptions {
  /** The shopper this "phone" belongs to: wx.login codes and the gateway's x-wx-openid are theirs. */
  openid: string;
  /** Cloud Hosting environment id and service name callContainer must be given. */
  env?: string;
  service?: string;
  /** requestPayment: 'pay' plays the mock provider's notification (dev route); 'cancel' is the buyer closing the sheet. */
  payment?: 'pay' | 'cancel';
}

export interface ShimFault {
  /** 'before': no request reaches the service. 'after': the service handles it, then the answer is lost. */
  when: 'before' | 'after';
  /** Which requests: method and path prefix (default: any). */
  match?: (method: string, path: string) => boolean;
}

export interface SentRequest {
  via: 'request' | 'container';
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  status: number | 'lost';
}

/**
 * A `wx` for Node: wx.request and wx.cloud.callContainer over real HTTP to a live wxmall (callContainer adds the
 * headers Cloud Hosting's gateway adds), wx.login through the fake WeChat's codes, storage in memory, and
 * wx.requestPayment playing the mock provider's notification. Faults can be queued to lose requests or answers.
 */
export class WxShim implements WxLike {
  readonly storage = new Map<string, unknown>();
  readonly sent: SentRequest[] = [];
  readonly faults: ShimFault[] = [];
  logins = 0;
  payments: WxPaymentParams[] = [];
  readonly cloud: { callContainer(o: WxCallContainerOptions): Promise<WxResponse> };

  constructor(
    private readonly t: TestApp,
    readonly opts: WxShimOptions,
  ) {
    this.cloud = { callContainer: (o) => this.callContainer(o) };
  }

  /** The next matching request fails as told. */
  fail(fault: ShimFault): this {
    this.faults.push(fault);
    return this;
  }

  request(o: WxRequestOptions): void {
    const url = new URL(o.url);
    void this.send('request', o.method, url.pathname + url.search, o.header ?? {}, o.data, o.timeout).then(
      (res) => o.success?.(res),
      (err: Error) => o.fail?.({ errMsg: `request:fail ${err.message}` }),
    );
  }

  callContainer(o: WxCallContainerOptions): Promise<WxResponse> {
    const headers = { ...o.header };
    const done = (async (): Promise<WxResponse> => {
      // What the platform checks before anything reaches the container.
      if (o.config?.env !== (this.opts.env ?? 'test-env')) throw new Error('-501000 env not found');
      if (headers['X-WX-SERVICE'] !== (this.opts.service ?? 'wxmall')) throw new Error('-501000 Host is invalid');
      delete headers['X-WX-SERVICE'];
      // What Cloud Hosting's gateway adds for a logged-in mini program user (wechat-platform.md §1.2).
      Object.assign(headers, {
        'x-wx-openid': this.opts.openid,
        'x-wx-appid': this.t.config.wechat.appId,
        'x-wx-env': this.opts.env ?? 'test-env',
        'x-wx-source': 'wx_client',
        'x-original-forwarded-for': '10.1.2.3',
      });
      return this.send('container', o.method, o.path, headers, o.data, o.timeout);
    })();
    const settled = done.then(
      (res) => (o.success?.(res), res),
      (err: Error): WxResponse => {
        const fail = { errMsg: `cloud.callContainer:fail ${err.message}` };
        if (!o.fail) throw Object.assign(new Error(fail.errMsg), fail);
        o.fail(fail);
        return { data: undefined, statusCode: 0 };
      },
    );
    return settled;
  }

  login(o: { success?: (r: { code: string }) => void; fail?: (e: { errMsg: string }) => void }): void {
    this.logins++;
    const code = this.t.wechat.codeFor(this.opts.openid);
    setImmediate(() => o.success?.({ code }));
  }

  getStorageSync(key: string): unknown {
    return this.storage.has(key) ? structuredClone(this.storage.get(key)) : '';
  }
  setStorageSync(key: string, value: unknown): void {
    this.storage.set(key, structuredClone(value));
  }
  removeStorageSync(key: string): void {
    this.storage.delete(key);
  }

  requestPayment(o: WxPaymentParams & { success?: (r: unknown) => void; fail?: (e: { errMsg: string }) => void }): void {
    this.payments.push({ timeStamp: o.timeStamp, nonceStr: o.nonceStr, package: o.package, signType: o.signType, paySign: o.paySign });
    void (async () => {
      if (this.opts.payment === 'cancel') return o.fail?.({ errMsg: 'requestPayment:fail cancel' });
      // The mock provider's prepay id carries the order number: prepay_id=mock_<orderNo>_<random>.
      const orderNo = /^prepay_id=mock_([0-9A-Za-z]+)_/.exec(o.package)?.[1];
      if (!orderNo) return o.fail?.({ errMsg: 'requestPayment:fail not a mock prepay id' });
      const res = await this.t.http.post(`/api/v1/dev/payments/${orderNo}/succeed`);
      if (res.status !== 200) return o.fail?.({ errMsg: `requestPayment:fail ${res.status}` });
      o.success?.({ errMsg: 'requestPayment:ok' });
    })();
  }

  private async send(
    via: 'request' | 'container',
    method: string,
    path: string,
    headers: Record<string, string>,
    data: unknown,
    timeout?: number,
  ): Promise<WxResponse> {
    const fault = this.takeFault(method, path);
    const record: SentRequest = { via, method, path, headers, body: data, status: 'lost' };
    this.sent.push(record);
    if (fault?.when === 'before') throw new Error('net::ERR_CONNECTION_RESET');
    const hasBody = data !== undefined && method !== 'GET';
    const res = await fetch(`${this.t.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: hasBody ? (typeof data === 'string' ? data : JSON.stringify(data)) : undefined,
      signal: AbortSignal.timeout(timeout ?? 15_000),
    });
    const text = await res.text();
    if (fault?.when === 'after') throw new Error('timeout');
    record.status = res.status;
    let body: unknown = text;
    // dataType 'json': wx parses the body when it is JSON.
    try {
      body = text === '' ? '' : JSON.parse(text);
    } catch {
      /* not JSON: the text */
    }
    return { data: body, statusCode: res.status, header: Object.fromEntries(res.headers) };
  }

  private takeFault(method: string, path: string): ShimFault | undefined {
    const i = this.faults.findIndex((f) => !f.match || f.match(method, path));
    return i < 0 ? undefined : this.faults.splice(i, 1)[0];
  }
}
