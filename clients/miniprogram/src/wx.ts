/**
 * The part of the mini program's `wx` object the SDK uses, declared here so that the package has no type
 * dependency (a project's miniprogram-api-typings `wx` fits it).
 */
export interface WxFail {
  errMsg: string;
  errno?: number;
  errCode?: number;
}

export interface WxResponse {
  data: unknown;
  statusCode: number;
  header?: Record<string, string>;
}

interface Callbacks<T> {
  success?: (res: T) => void;
  fail?: (err: WxFail) => void;
}

export interface WxRequestOptions extends Callbacks<WxResponse> {
  url: string;
  method: string;
  data?: unknown;
  header?: Record<string, string>;
  timeout?: number;
  dataType?: string;
}

export interface WxCallContainerOptions extends Callbacks<WxResponse> {
  config: { env: string };
  path: string;
  method: string;
  data?: unknown;
  header: Record<string, string>;
  timeout?: number;
  dataType?: string;
}

export interface WxPaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: string;
  paySign: string;
}

export interface WxLike {
  request(options: WxRequestOptions): unknown;
  login(options: Callbacks<{ code: string }> & { timeout?: number }): unknown;
  getStorageSync(key: string): unknown;
  setStorageSync(key: string, value: unknown): unknown;
  removeStorageSync(key: string): unknown;
  requestPayment(options: WxPaymentParams & Callbacks<unknown>): unknown;
  cloud?: { callContainer(options: WxCallContainerOptions): unknown };
}

declare const wx: WxLike | undefined;
// A mini program's timers (lib ES2017 declares none, and the package must not pull in Node's types).
declare function setTimeout(callback: () => void, ms: number): unknown;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The mini program's global `wx`, when there is one. */
export function globalWx(): WxLike | undefined {
  return typeof wx === 'undefined' ? undefined : wx;
}

/** Calls a callback-style wx API as a promise. */
export function wxCall<T>(start: (cb: Required<Callbacks<T>>) => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    start({ success: resolve, fail: reject });
  });
}
