import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** The request target as sent (path and query, still encoded). */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: string;
  body: any;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the response this long (to provoke client timeouts). */
  delayMs?: number;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** A real HTTP server on 127.0.0.1 with routes tests can add, override once, and inspect. */
export class FakeHttpServer {
  readonly calls: FakeRequest[] = [];
  private readonly routes = new Map<string, FakeHandler>();
  private readonly once = new Map<string, FakeResponse[]>();
  private server?: Server;
  url = '';

  route(method: string, path: string, handler: FakeHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** The next call(s) of this route get these responses instead of the normal handler. */
  failNext(method: string, path: string, ...responses: FakeResponse[]): void {
    const key = `${method} ${path}`;
    this.once.set(key, [...(this.once.get(key) ?? []), ...responses]);
  }

  callsTo(path: string): FakeRequest[] {
    return this.calls.filter((c) => c.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Routes whose path has a variable part match by the longest registered prefix ending in '/'. */
  protected resolve(method: string, path: string): { key: string; handler?: FakeHandler } {
    const exact = `${method} ${path}`;
    if (this.routes.has(exact) || this.once.has(exact)) return { key: exact, handler: this.routes.get(exact) };
    let best: string | undefined;
    for (const key of this.routes.keys()) {
      const [m, p] = key.split(' ') as [string, string];
      if (m === method && p.endsWith('/') && path.startsWith(p) && (!best || p.length > best.length)) best = key;
    }
    return { key: best ?? exact, handler: best ? this.routes.get(best) : undefined };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const u = new URL(req.url ?? '/', 'http://x');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const fr: FakeRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      path: u.pathname,
      query: u.searchParams,
      headers: req.headers,
      rawBody,
      body,
    };
    this.calls.push(fr);
    const { key, handler } = this.resolve(fr.method, fr.path);
    let out: FakeResponse;
    const queued = this.once.get(key);
    if (queued?.length) {
      out = queued.shift()!;
      if (queued.length === 0) this.once.delete(key);
    } else if (handler) {
      out = await handler(fr);
    } else {
      out = { status: 404, body: { code: 'NOT_FOUND', message: `fake server: no route ${key}` } };
    }
    // unref: a held response must not keep the test process alive after close().
    if (out.delayMs) await new Promise((r) => setTimeout(r, out.delayMs).unref());
    if (res.destroyed) return;
    const text =
      out.body === undefined ? '' : typeof out.body === 'string' || Buffer.isBuffer(out.body) ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers });
    res.end(text);
  }
}
