import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, errorText } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';
import { dbDateTime, execute, select, TransactionRunner } from '@app/database';
import { JobRegistry, JobsService } from '@app/jobs';
import { WebhookDelivery, type WebhookDeliveryStatus } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from './webhook-event.entity';
import { eventJobKey, WEBHOOK_EVENT_JOB, type WebhookEventPayload } from './webhook-events.service';
import { SIGNATURE_HEADER, signatureHeader } from './webhook-signature';
import { WebhookSubscriptions } from './webhook-subscriptions';
import { AUTO_DISABLE, CLAIM_DELIVERY, COUNT_FAILURE, DUE_DELIVERIES, RECORD_ATTEMPT, RESET_FAILURES } from './webhooks.sql';

const BATCH = 20;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 60 * 60_000;
/** The claim outlives the attempt's time bound by this much (recording the outcome included). */
const LEASE_MARGIN_MS = 10_000;

interface Outcome {
  ok: boolean;
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
}

/**
 * After commit: the event job fans an event out to the endpoints that want it (one delivery each), and the
 * dispatcher sends due deliveries, signed, each resource's in event order, retrying with exponential backoff until
 * WEBHOOK_RETRY_FOR has passed. Safe with many instances: a delivery is claimed by a conditional UPDATE, and the
 * event and delivery rows are unique per event id and per (event, endpoint), so a job run twice adds nothing.
 */
@Injectable()
export class WebhookDispatcher implements OnModuleInit {
  private readonly logger = new Logger(WebhookDispatcher.name);
  /** This process's dispatch runs, one after another (a kick while one runs queues one more). */
  private chain: Promise<number> = Promise.resolve(0);
  private queued = false;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly registry: JobRegistry,
    private readonly jobs: JobsService,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.registry.defineJob(WEBHOOK_EVENT_JOB, (p, ctx) => this.fanOut(p, ctx.jobId), { maxAttempts: 20 });
    this.registry.defineSweep('webhooks.deliver', this.config.webhooks.dispatchEveryMs, () => this.dispatch());
  }

  /** Records the event and one delivery per enabled endpoint subscribed to its type, then sends what is due. */
  async fanOut(p: WebhookEventPayload, seq: number): Promise<void> {
    const created = await this.tx.run(async (m) => {
      await m
        .createQueryBuilder()
        .insert()
        .into(WebhookEvent)
        .values({ uid: p.id, seq, type: p.type, resourceKey: p.resource, data: p.data, occurredAt: new Date(p.occurredAt) })
        .orIgnore()
        .execute();
      const event = await m.findOneOrFail(WebhookEvent, { where: { uid: p.id }, select: { id: true, seq: true } });
      const endpoints = await m.find(WebhookEndpoint, { select: { id: true, eventTypes: true }, where: { enabled: true } });
      const wanted = endpoints.filter((e) => e.eventTypes.includes(p.type));
      if (wanted.length === 0) return 0;
      const now = this.clock.now();
      await m
        .createQueryBuilder()
        .insert()
        .into(WebhookDelivery)
        .values(
          wanted.map((e) => ({
            eventId: event.id,
            endpointId: e.id,
            resourceKey: p.resource,
            seq: event.seq,
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: now,
            lockedUntil: null,
            retrySince: now,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .orIgnore()
        .execute();
      return wanted.length;
    });
    if (created > 0) this.kick();
  }

  /**
   * Sends what is due soon, in this process, when jobs run in-process (otherwise the sweep, driven by the tick route,
   * does on whichever instance claims it).
   */
  kick(): void {
    if (!this.config.jobs.inProcess || this.queued) return;
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
    for (;;) {
      const claimed = await this.claim();
      if (claimed.length === 0) return sent;
      await Promise.all(claimed.map((c) => this.attempt(c.id, c.lockedUntil)));
      sent += claimed.length;
    }
  }

  private async claim(): Promise<{ id: number; lockedUntil: Date }[]> {
    const m = this.ds.manager;
    const now = this.clock.now();
    const at = dbDateTime(m, now);
    const due = await select(m, DUE_DELIVERIES, [at, at, BATCH]);
    const lockedUntil = new Date(now.getTime() + this.config.webhooks.timeoutMs + LEASE_MARGIN_MS);
    const claimed: { id: number; lockedUntil: Date }[] = [];
    for (const d of due) {
      // An earlier event of the resource may still be in its job, its deliveries not written yet: wait for it.
      if (await this.jobs.unfinishedBefore(WEBHOOK_EVENT_JOB, eventJobKey(d.resourceKey), d.seq)) continue;
      const won = await execute(m, CLAIM_DELIVERY, [dbDateTime(m, lockedUntil), at, d.id, at, at]);
      if (won) claimed.push({ id: d.id, lockedUntil });
    }
    return claimed;
  }

  private async attempt(deliveryId: number, lockedUntil: Date): Promise<void> {
    const m = this.ds.manager;
    const delivery = await m.findOneByOrFail(WebhookDelivery, { id: deliveryId });
    const [event, endpoint] = await Promise.all([
      m.findOneByOrFail(WebhookEvent, { id: delivery.eventId }),
      m.findOneByOrFail(WebhookEndpoint, { id: delivery.endpointId }),
    ]);
    // A delivery held behind an earlier one of its resource starts its retry period at its first attempt.
    const since = delivery.attempts === 0 ? this.clock.now() : delivery.retrySince;
    const outcome = await this.send(endpoint, event, delivery.attempts + 1);
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    const givenUp = !outcome.ok && now.getTime() - since.getTime() >= this.config.webhooks.retryForSeconds * 1000;
    const status: WebhookDeliveryStatus = outcome.ok ? 'succeeded' : givenUp ? 'failed' : 'pending';
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
      outcome.ok ? d(now) : null,
      d(now),
      deliveryId,
      d(lockedUntil),
    ]);
    if (!recorded) return;
    if (outcome.ok) {
      await execute(m, RESET_FAILURES, [d(now), endpoint.id]);
      return;
    }
    this.logger.warn(
      { endpointId: endpoint.id, deliveryId, attempts, responseCode: outcome.responseCode, error: outcome.error },
      'webhook delivery failed',
    );
    await execute(m, COUNT_FAILURE, [d(now), endpoint.id]);
    const limit = this.config.webhooks.disableAfterFailures;
    const reason = `disabled after ${limit} consecutive failed deliveries (last: ${outcome.responseCode !== null ? `HTTP ${outcome.responseCode}` : outcome.error})`;
    if (await execute(m, AUTO_DISABLE, [reason.slice(0, 255), d(now), d(now), endpoint.id, limit])) {
      this.subscriptions.invalidate();
      this.logger.error({ endpointId: endpoint.id, reason }, 'webhook endpoint disabled');
    }
  }

  /** One signed POST, bounded in time; redirects are not followed (a 3xx is a failure). */
  private async send(endpoint: WebhookEndpoint, event: WebhookEvent, attempt: number): Promise<Outcome> {
    const body = JSON.stringify({ id: event.uid, type: event.type, createdAt: event.occurredAt.toISOString(), data: event.data });
    const now = this.clock.now();
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now)
      secrets.push(endpoint.previousSecret);
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.webhooks.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'wxmall-webhooks/1',
          'x-wxmall-event-id': event.uid,
          'x-wxmall-event-type': event.type,
          'x-wxmall-delivery-attempt': String(attempt),
          [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now.getTime() / 1000), body),
        },
      });
      await res.body?.cancel();
      const ok = res.status >= 200 && res.status < 300;
      return { ok, responseCode: res.status, latencyMs: latency(), error: ok ? null : `HTTP ${res.status}` };
    } catch (err) {
      return { ok: false, responseCode: null, latencyMs: latency(), error: sendError(err, this.config.webhooks.timeoutMs) };
    }
  }

  private backoff(attempts: number): number {
    const base = Math.min(BACKOFF_BASE_MS * 2 ** (attempts - 1), BACKOFF_MAX_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }
}

/** What went wrong, without the URL (it may carry a token) or anything the receiver sent. */
function sendError(err: unknown, timeoutMs: number): string {
  // Read by shape, not instanceof: fetch's errors come from Node's own realm (not the test sandbox's).
  const e = err as { name?: string; cause?: { code?: string; message?: string; errors?: { code?: string }[] } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  // undici puts the socket error in `cause` (an AggregateError of them when several addresses were tried).
  const code = e?.cause?.code ?? e?.cause?.errors?.find((x) => x.code)?.code;
  if (code) return `network error ${code}`;
  // Fetch's own refusals (a port it never connects to...): its reason, never the URL.
  if (typeof e?.cause?.message === 'string') return `network error: ${e.cause.message.slice(0, 100)}`;
  return errorText(err).slice(0, 200);
}
