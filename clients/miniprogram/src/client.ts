import type { MethodOf, Operation, Path, PathParams, QueryParams, RequestBody, ResponseOf } from './api-types';
import { WxmallError } from './errors';
import { containerTransport, type HttpRequest, requestTransport, type Transport } from './transport';
import { globalWx, sleep, wxCall, type WxFail, type WxLike, type WxResponse } from './wx';

export interface ContainerConfig {
  /** Calls go through `wx.cloud.callContainer` (WeChat Cloud Hosting): the gateway vouches for the user. */
  transport: 'container';
  /** Cloud Hosting environment id (`prod-xxxx`). */
  env: string;
  /** The service's name (sent as `X-WX-SERVICE`). */
  service: string;
}

export interface RequestConfig {
  /** Calls go through `wx.request` to a public address, with a token from `wx.login` -> `POST /auth/wx-login`. */
  transport: 'request';
  /** The service's https origin, e.g. `https://shop.example.com` (a request domain of the mini program). */
  baseUrl: string;
  /** Storage key of the token (default `wxmall:token`). */
  tokenStorageKey?: string;
}

export type WxmallConfig = (ContainerConfig | RequestConfig) & {
  /** The mini program's `wx` (default: the global one). */
  wx?: WxLike;
  /** Per request (default 15000: callContainer's limit). */
  timeoutMs?: number;
  /**
   * Waits before each retry of an idempotent call that got no answer or a 502/503/504 (default [300, 1000]:
   * two retries). Other calls are never retried: the service may have done them.
   */
  retryDelaysMs?: number[];
  /** Waits before re-reading an order after `wx.requestPayment` succeeded, until it shows as paid (default [500, 1000, 2000]). */
  payConfirmDelaysMs?: number[];
};

export interface CallOptions<O> {
  params?: PathParams<O>;
  query?: QueryParams<O>;
  body?: RequestBody<O>;
  headers?: Record<string, string>;
  /** Safe to send again after a lost answer (GET, PUT, DELETE are; POST /orders is, by its Idempotency-Key). */
  idempotent?: boolean;
  /** Sends the shopper's token (request transport). Public catalog calls leave it out. Default true. */
  auth?: boolean;
}

interface StoredToken {
  token: string;
  expiresAt: string;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY_DELAYS_MS = [300, 1000];
/** A token this close to its expiry is renewed before use. */
const RENEW_BEFORE_MS = 60_000;

/**
 * Sends wxmall's operations over the configured transport: path and query from the operation's parameters, the
 * shopper's token (request transport: from storage, renewed through wx.login once on a 401), retries of idempotent
 * calls that got no answer, and every failure as one WxmallError.
 */
export class WxmallClient {
  readonly wx: WxLike;
  readonly config: WxmallConfig;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: number[];
  private readonly tokenKey: string;
  private login$: Promise<string> | null = null;

  constructor(config: WxmallConfig) {
    const wx = config.wx ?? globalWx();
    if (!wx) throw new Error('wxmall: no `wx` object (pass config.wx outside a mini program)');
    this.wx = wx;
    this.config = config;
    this.timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryDelaysMs = config.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    if (config.transport === 'container') {
      if (!config.env || !config.service) throw new Error('wxmall: the container transport needs `env` and `service`');
      this.transport = containerTransport(wx, config.env, config.service);
      this.tokenKey = '';
    } else {
      if (!/^https?:\/\//.test(config.baseUrl ?? '')) throw new Error('wxmall: the request transport needs `baseUrl` (https://...)');
      this.transport = requestTransport(wx, config.baseUrl);
      this.tokenKey = config.tokenStorageKey ?? 'wxmall:token';
    }
  }

  /** Calls one operation of the OpenAPI document, typed by it. */
  call<P extends Path, M extends MethodOf<P>>(
    method: M,
    path: P,
    options: CallOptions<Operation<P, M>> = {},
  ): Promise<ResponseOf<Operation<P, M>>> {
    const m = method.toUpperCase();
    return this.send(
      {
        method: m,
        path: fillPath(path, options.params) + queryString(options.query),
        headers: options.headers ?? {},
        body: options.body,
        timeoutMs: this.timeoutMs,
      },
      { idempotent: options.idempotent ?? (m === 'GET' || m === 'PUT' || m === 'DELETE'), auth: options.auth ?? true },
    ) as Promise<ResponseOf<Operation<P, M>>>;
  }

  /** A token for the request transport: the stored one while valid, else a new login. */
  async token(): Promise<string> {
    const stored = this.storedToken();
    if (stored) return stored.token;
    return this.login();
  }

  /** wx.login -> POST /api/v1/auth/wx-login; concurrent callers share one login. */
  login(): Promise<string> {
    if (!this.login$) {
      this.login$ = this.doLogin().then(
        (token) => {
          this.login$ = null;
          return token;
        },
        (err: unknown) => {
          this.login$ = null;
          throw err;
        },
      );
    }
    return this.login$;
  }

  /** Forgets the stored token (the next call logs in again). */
  logout(): void {
    if (this.tokenKey) this.wx.removeStorageSync(this.tokenKey);
  }

  private async doLogin(): Promise<string> {
    let code: string;
    try {
      code = (await wxCall<{ code: string }>((cb) => this.wx.login({ timeout: this.timeoutMs, ...cb }))).code;
    } catch (err) {
      throw new WxmallError('WX_LOGIN_FAILED', `wx.login failed: ${(err as WxFail).errMsg}`, 0, null, err);
    }
    const res = (await this.send(
      { method: 'POST', path: '/api/v1/auth/wx-login', headers: {}, body: { code }, timeoutMs: this.timeoutMs },
      { idempotent: false, auth: false },
    )) as StoredToken;
    this.wx.setStorageSync(this.tokenKey, { token: res.token, expiresAt: res.expiresAt });
    return res.token;
  }

  private storedToken(): StoredToken | null {
    const v = this.wx.getStorageSync(this.tokenKey) as Partial<StoredToken> | '' | undefined;
    if (!v || typeof v.token !== 'string' || typeof v.expiresAt !== 'string') return null;
    return Date.parse(v.expiresAt) - Date.now() > RENEW_BEFORE_MS ? (v as StoredToken) : null;
  }

  private async send(req: HttpRequest, opts: { idempotent: boolean; auth: boolean }): Promise<unknown> {
    const withToken = opts.auth && this.config.transport === 'request';
    let res = await this.sendWithRetries(withToken ? this.authorized(req, await this.token()) : req, opts.idempotent);
    if (res.statusCode === 401 && withToken) {
      // The token expired or was revoked: log in again, once, and repeat the call (refused calls changed nothing).
      this.logout();
      res = await this.sendWithRetries(this.authorized(req, await this.login()), opts.idempotent);
    }
    return unwrap(res);
  }

  private authorized(req: HttpRequest, token: string): HttpRequest {
    return { ...req, headers: { ...req.headers, authorization: `Bearer ${token}` } };
  }

  private async sendWithRetries(req: HttpRequest, idempotent: boolean): Promise<WxResponse> {
    for (let attempt = 0; ; attempt++) {
      const retryable = idempotent && attempt < this.retryDelaysMs.length;
      let res: WxResponse;
      try {
        res = await this.transport(req);
      } catch (err) {
        if (retryable) {
          await sleep(this.retryDelaysMs[attempt] ?? 0);
          continue;
        }
        const fail = err as WxFail;
        throw new WxmallError('NETWORK_ERROR', `${req.method} ${req.path}: ${fail.errMsg ?? String(err)}`, 0, null, fail);
      }
      if (retryable && (res.statusCode === 502 || res.statusCode === 503 || res.statusCode === 504)) {
        await sleep(this.retryDelaysMs[attempt] ?? 0);
        continue;
      }
      // A repeated DELETE whose first attempt was done but its answer lost finds nothing left to delete.
      if (attempt > 0 && req.method === 'DELETE' && res.statusCode === 404) return { ...res, statusCode: 204, data: undefined };
      return res;
    }
  }
}

function unwrap(res: WxResponse): unknown {
  if (res.statusCode >= 200 && res.statusCode < 300) return res.statusCode === 204 || res.data === '' ? undefined : res.data;
  const body = res.data as { code?: unknown; message?: unknown; requestId?: unknown; details?: unknown } | null;
  const requestId = headerOf(res, 'x-request-id') ?? (typeof body?.requestId === 'string' ? body.requestId : null);
  if (body && typeof body === 'object' && typeof body.code === 'string') {
    throw new WxmallError(body.code, typeof body.message === 'string' ? body.message : body.code, res.statusCode, requestId, body.details);
  }
  throw new WxmallError('BAD_RESPONSE', `HTTP ${res.statusCode} without an error body`, res.statusCode, requestId, res.data);
}

function headerOf(res: WxResponse, name: string): string | null {
  for (const k of Object.keys(res.header ?? {})) if (k.toLowerCase() === name) return res.header![k] ?? null;
  return null;
}

function fillPath(path: string, params: unknown): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = (params as Record<string, unknown> | undefined)?.[name];
    if (v === undefined || v === null || v === '') throw new Error(`wxmall: ${path} needs the path parameter ${name}`);
    return encodeURIComponent(scalar(v, name));
  });
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    // Lists go comma-separated (`productIds=1,2,3`), as wxmall's list parameters read them.
    const text = Array.isArray(v) ? v.map((x: unknown) => scalar(x, k)).join(',') : scalar(v, k);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(text)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function scalar(v: unknown, name: string): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error(`wxmall: parameter ${name} must be a string, number or boolean`);
}
