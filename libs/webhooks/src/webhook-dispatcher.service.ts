import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  DataSource,
  type EntityManager,
  type EntitySubscriberInterface,
  type QueryRunner,
  type TransactionCommitEvent,
  type TransactionRollbackEvent,
} from 'typeorm';
import { Clock, errorText } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDate, dbDateTime, execute, isDuplicateKeyError, select, TransactionRunner } from '@app/database';
import { JobRegistry } from '@app/jobs';
import type { WebhookDeliveryStatus } from './webhook-delivery.entity';
import { LEGACY_EVENT_JOB, type WebhookEventPayload, writeEvent } from './webhook-event-rows';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { WebhookSubscriptions } from './webhook-subscriptions';
import {
  AUTO_DISABLE,
  CLAIM_DELIVERIES,
  CLAIMED,
  type ClaimedDelivery,
  COUNT_FAILURE,
  DUE_DELIVERIES,
  RECORD_ATTEMPT,
  RECORD_SUCCESSES,
  RESET_FAILURES,
} from './webhooks.sql';

const BATCH = 20;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** The claim outlives the attempt's time bound by this much (recording the outcome included). */
const LEASE_MARGIN_MS = 10_000;
/** After a commit that wrote deliveries, in-process dispatch waits this long, so a busy shop's events go out in batches. */
const KICK_DELAY_MS = 100;

interface Outcome {
  ok: boolean;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * After commit: the dispatcher sends due deliveries (written with their events in the change's transaction), signed,
 * each resource's in event order, retrying with exponential backoff until WEBHOOK_RETRY_FOR has passed. Safe with many
 * instances: a delivery is claimed by a conditional UPDATE, and its outcome recorded only while that claim holds.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit, BeforeApplicationShutdown, EntitySubscriberInterface {
  private readonly logger = new Logger(WebhookDispatcher.name);
  /** This process's dispatch runs, one after another (a kick while one runs queues one more). */
  private chain: Promise<number> = Promise.resolve(0);
  private queued = false;
  private timer: NodeJS.Timeout | null = null;
  private closing = false;
  /** Transactions that wrote deliveries: their commit kicks the in-process dispatch. */
  private readonly wrote = new WeakSet<QueryRunner>();

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly registry: JobRegistry,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(LEGACY_EVENT_JOB, (p) => this.legacyEvent(p), { maxAttempts: 20 });
    this.registry.defineSweep('webhooks.deliver', this.config.webhooks.dispatchEveryMs, () => this.dispatch());
    if (this.config.jobs.inProcess) this.ds.subscribers.push(this);
  }

  /**
   * An event job left by the version that carried events out of the change's transaction in a job: its event and
   * deliveries written now (once: the event's uid is unique). Its id is taken now, so it may go out after a later
   * event of its resource written directly (only events pending across the upgrade).
   */
  private async legacyEvent(p: WebhookEventPayload): Promise<void> {
    try {
      await this.tx.run(async (m) => {
        const endpoints = await this.subscriptions.endpointsFor(m, p.type);
        if (endpoints.length === 0) return;
        const e = { uid: p.id, type: p.type, resource: p.resource, data: p.data, occurredAt: new Date(p.occurredAt) };
        await writeEvent(m, e, endpoints, this.clock.now());
      });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    this.kick();
  }

  /** Called after writing deliveries through `m`: dispatch in-process after its commit (now, outside a transaction). */
  afterCommit(m: EntityManager): void {
    if (!this.config.jobs.inProcess) return;
    const runner = m.queryRunner;
    if (runner?.isTransactionActive) this.wrote.add(runner);
    else this.kickSoon();
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.wrote.delete(event.queryRunner)) this.kickSoon();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.wrote.delete(event.queryRunner);
  }

  /**
   * Shutdown lets a dispatch run under way record its outcomes, before TypeORM closes the pool (its hook is an
   * `onApplicationShutdown`); none starts after it (the sweep sends the rest).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
  }

  private kickSoon(): void {
    if (this.timer || this.closing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, KICK_DELAY_MS);
    this.timer.unref();
  }

  /**
   * Sends what is due soon, in this process, when jobs run in-process (otherwise the sweep, driven by the tick route,
   * does on whichever instance claims it).
   */
  kick(): void {
    if (!this.config.jobs.inProcess || this.queued || this.closing) return;
    void this.dispatch().catch((err: unknown) => this.logger.error({ err }, 'webhook dispatch failed'));
  }

  /** Sends due deliveries until none is left; runs after any run of this process still in progress. */
  dispatch(): Promise<number> {
    this.queued = true;
    const run = this.chain.then(
      () => this.drain(),
      () => this.drain(),
    );
    this.chain = run.catch(() => 0);
    return run;
  }

  private async drain(): Promise<number> {
    this.queued = false;
    let sent = 0;
    while (!this.closing) {
      const { claimed, token } = await this.claim();
      if (claimed.length === 0) return sent;
      const attempts = await Promise.all(claimed.map((c) => this.attempt(c, token)));
      await this.recordSuccesses(
        attempts.filter((a) => a !== null),
        token,
      );
      sent += claimed.length;
    }
    return sent;
  }

  /** Due deliveries first in line for their resource, claimed with one UPDATE, read with their events and endpoints. */
  private async claim(): Promise<{ claimed: ClaimedDelivery[]; token: string }> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    // Each claim's own token: claims that two instances make at the same moment read back and record only their own.
    const token = randomBytes(16).toString('hex');
    const due = await select(m, DUE_DELIVERIES, [at, at, BATCH]);
    if (due.length === 0) return { claimed: [], token };
    const ids = due.map((d) => d.id);
    const until = dbDateTime(m, new Date(now.getTime() + this.config.webhooks.timeoutMs + LEASE_MARGIN_MS));
    const won = await execute(m, CLAIM_DELIVERIES(ids.length), [token, until, at, at, at, ...ids]);
    const claimed = won === 0 ? [] : await select(m, CLAIMED(ids.length), [token, ...ids]);
    return { claimed, token };
  }

  /** The successful attempts of a batch, in one statement; then the failure streak of their endpoints ends. */
  private async recordSuccesses(done: { c: ClaimedDelivery; outcome: Outcome }[], token: string): Promise<void> {
    if (done.length === 0) return;
    const m = this.ds.manager;
    const at = dbDateTime(m, this.clock.now());
    const params: unknown[] = [at, at];
    for (const { c, outcome } of done) params.push(c.id, outcome.responseCode);
    for (const { c, outcome } of done) params.push(c.id, outcome.latencyMs);
    params.push(at, at, at, token, ...done.map(({ c }) => c.id));
    if (!(await execute(m, RECORD_SUCCESSES(done.length), params))) return;
    // Once per endpoint and batch (its attempts ran concurrently).
    for (const endpointId of new Set(done.map(({ c }) => c.endpointId))) await execute(m, RESET_FAILURES, [at, endpointId]);
  }

  /** One attempt of a claimed delivery: a success is answered for its batch to record, a failure recorded here. */
  private async attempt(c: ClaimedDelivery, token: string): Promise<{ c: ClaimedDelivery; outcome: Outcome } | null> {
    const m = this.ds.manager;
    // A delivery held behind an earlier one of its resource starts its retry period at its first attempt.
    const since = c.attempts === 0 ? this.clock.now() : dbDate(m, c.retrySince)!;
    const outcome = await this.send(c, c.attempts + 1);
    if (outcome.ok) return { c, outcome };
    const now = this.clock.now();
    const attempts = c.attempts + 1;
    const givenUp = now.getTime() - since.getTime() >= this.config.webhooks.retryForSeconds * 1000;
    const status: WebhookDeliveryStatus = givenUp ? 'failed' : 'pending';
    const next = status === 'pending' ? new Date(now.getTime() + this.backoff(attempts)) : now;
    const d = (v: Date | null) => (v ? dbDateTime(m, v) : null);
    const recorded = await execute(m, RECORD_ATTEMPT, [
      status,
      attempts,
      d(since),
      d(next),
      outcome.responseCode,
      outcome.latencyMs,
      outcome.error,
      d(now),
      null,
      d(now),
      c.id,
      token,
    ]);
    if (!recorded) return null;
    this.logger.warn(
      { endpointId: c.endpointId, deliveryId: c.id, attempts, responseCode: outcome.responseCode, error: outcome.error },
      'webhook delivery failed',
    );
    await execute(m, COUNT_FAILURE, [d(now), c.endpointId]);
    const limit = this.config.webhooks.disableAfterFailures;
    const reason = `disabled after ${limit} consecutive failed deliveries (last: ${outcome.responseCode !== null ? `HTTP ${outcome.responseCode}` : outcome.error})`;
    if (await execute(m, AUTO_DISABLE, [reason.slice(0, 255), d(now), d(now), c.endpointId, limit])) {
      this.subscriptions.invalidate();
      this.logger.error({ endpointId: c.endpointId, reason }, 'webhook endpoint disabled');
    }
    return null;
  }

  /** One signed POST, bounded in time; redirects are not followed (a 3xx is a failure). */
  private async send(c: ClaimedDelivery, attempt: number): Promise<Outcome> {
    const m = this.ds.manager;
    // The document as stored (JSON.stringify's text), not parsed and written again: the same bytes.
    const head = JSON.stringify({ id: c.uid, type: c.type, createdAt: dbDate(m, c.occurredAt)!.toISOString() });
    const body = `${head.slice(0, -1)},"data":${c.data}}`;
    const now = this.clock.now();
    const secrets = [c.secret];
    const previousUntil = dbDate(m, c.previousSecretUntil);
    if (c.previousSecret && previousUntil && previousUntil > now) secrets.push(c.previousSecret);
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const status = await post(c.url, body, this.config.webhooks.timeoutMs, {
        'content-type': 'application/json',
        'user-agent': 'wxmall-webhooks/1',
        'x-wxmall-event-id': c.uid,
        'x-wxmall-event-type': c.type,
        'x-wxmall-delivery-attempt': String(attempt),
        [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now.getTime() / 1000), body),
      });
      const ok = status >= 200 && status < 300;
      return { ok, responseCode: status, latencyMs: latency(), error: ok ? null : `HTTP ${status}` };
    } catch (err) {
      return { ok: false, responseCode: null, latencyMs: latency(), error: sendError(err, this.config.webhooks.timeoutMs) };
    }
  }

  private backoff(attempts: number): number {
    const base = Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
}

/*
 * Node's http client rather than fetch: a third of fetch's CPU per POST (0.11 against 0.31 ms over TLS, measured
 * 2026-11-30), paid once per delivery. Connections are kept alive, and dropped after 4 s idle, before the 5 s after
 * which Node's and many servers close theirs (a request on a connection the server is closing fails).
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 4000 };
const httpAgent = new HttpAgent(AGENT_OPTIONS);
const httpsAgent = new HttpsAgent(AGENT_OPTIONS);

/** POSTs `body`; answers the response's status once its headers are in (the body is read and dropped). Redirects are not followed. */
function post(url: string, body: string, timeoutMs: number, headers: Record<string, string>): Promise<number> {
  const https = url.startsWith('https:');
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: https ? httpsAgent : httpAgent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        // An error after the status (the body cut off) changes nothing: the answer was read.
        res.on('error', () => undefined);
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** What went wrong, without the URL (it may carry a token) or anything the receiver sent. */
function sendError(err: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: Node's errors come from its own realm (not the test sandbox's).
  const e = err as { name?: string; code?: string; errors?: { code?: string }[] } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  // A socket error (an AggregateError of them when several addresses were tried).
  const code = e?.code ?? e?.errors?.find((x) => x.code)?.code;
  if (code) return `network error ${code}`;
  return errorText(err).slice(0, 200);
}
