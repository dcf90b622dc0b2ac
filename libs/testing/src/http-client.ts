import { contractOf } from './contract';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as-is (for malformed-JSON tests); `body` is JSON-encoded. */
  rawBody?: string;
  body?: unknown;
}

/**
 * Minimal HTTP client for tests: real requests over 127.0.0.1, JSON in and out. Every response is checked against
 * the app's OpenAPI document (contract.ts): a response the document does not describe fails the request.
 */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    /** false: no contract check (tests of what the document does not cover on purpose). */
    private readonly checkContract = true,
  ) {}

  get<T = any>(path: string, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.request('GET', path, opts);
  }
  post<T = any>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.request('POST', path, { ...opts, body });
  }
  patch<T = any>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.request('PATCH', path, { ...opts, body });
  }
  put<T = any>(path: string, body?: unknown, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.request('PUT', path, { ...opts, body });
  }
  delete<T = any>(path: string, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    return this.request('DELETE', path, opts);
  }

  async request<T = any>(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    // The app's document is fetched along with the first request (not before: that would delay it).
    const contract = this.checkContract ? contractOf(this.baseUrl) : null;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
    const contentType = res.headers.get('content-type') ?? '';
    const broken = (await contract)?.check(method, path, res.status, contentType, body, text);
    if (broken) throw new Error(`Contract broken: ${broken}`);
    return { status: res.status, body: body as T, headers: res.headers, text };
  }
}
