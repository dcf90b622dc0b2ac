import type { WxLike, WxResponse } from './wx';
import { wxCall } from './wx';

export interface HttpRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/products?page=2`. */
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

/** Sends one request; resolves with any HTTP answer, rejects (with wx's fail object) only when none came back. */
export type Transport = (req: HttpRequest) => Promise<WxResponse>;

/** `wx.cloud.callContainer`: the Cloud Hosting gateway adds the caller's identity (x-wx-openid ...). */
export function containerTransport(wx: WxLike, env: string, service: string): Transport {
  return (req) => {
    const cloud = wx.cloud;
    if (!cloud) return Promise.reject(new Error('wx.cloud is not available: call wx.cloud.init() in App.onLaunch'));
    return wxCall<WxResponse>((cb) =>
      cloud.callContainer({
        config: { env },
        path: req.path,
        method: req.method,
        header: { 'X-WX-SERVICE': service, 'content-type': 'application/json', ...req.headers },
        data: req.body,
        timeout: req.timeoutMs,
        dataType: 'json',
        ...cb,
      }),
    );
  };
}

/** `wx.request` to the service's public https address (the domain must be listed as a request domain). */
export function requestTransport(wx: WxLike, baseUrl: string): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return (req) =>
    wxCall<WxResponse>((cb) =>
      wx.request({
        url: base + req.path,
        method: req.method,
        header: { 'content-type': 'application/json', ...req.headers },
        data: req.body,
        timeout: req.timeoutMs,
        dataType: 'json',
        ...cb,
      }),
    );
}
