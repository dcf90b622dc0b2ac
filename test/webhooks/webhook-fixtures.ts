import { createHmac, timingSafeEqual } from 'node:crypto';
import { FakeHttpServer, type FakeRequest } from '@app/testing';
import { SIGNATURE_HEADER } from '@app/webhooks/testing';

/**
 * A receiver as the README tells one to write it: verifies the signature over `timestamp.body` with any secret it
 * accepts, dedupes by event id, answers 2xx. It can be told to fail or to be down (503).
 */
export class Receiver {
  readonly server = new FakeHttpServer();
  secrets: string[] = [];
  down = false;
  /** Events processed, once per id, in the order they were accepted. */
  readonly accepted: { id: string; type: string; data: any }[] = [];
  readonly seen = new Map<string, number>();
  badSignatures = 0;

  async start(): Promise<this> {
    await this.server.start();
    this.server.route('POST', '/hook', (req) => this.handle(req));
    return this;
  }

  get url(): string {
    return `${this.server.url}/hook`;
  }

  verifies(req: FakeRequest, secret: string): boolean {
    const parts = String(req.headers[SIGNATURE_HEADER])
      .split(',')
      .map((p) => p.split('=') as [string, string]);
    const t = parts.find(([k]) => k === 't')?.[1];
    const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${req.rawBody}`).digest('hex'));
    return parts.some(([k, v]) => k === 'v1' && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
  }

  private handle(req: FakeRequest) {
    if (this.down) return { status: 503 };
    if (!this.secrets.some((s) => this.verifies(req, s))) {
      this.badSignatures++;
      return { status: 401 };
    }
    const id = req.body.id as string;
    this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
    if (this.seen.get(id) === 1) this.accepted.push({ id, type: req.body.type, data: req.body.data });
    return { status: 204 };
  }

  typesFor(resource: (data: any) => boolean): string[] {
    return this.accepted.filter((e) => resource(e.data)).map((e) => e.type);
  }
}
