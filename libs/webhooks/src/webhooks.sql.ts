import { marks, type Sql, sql, sqlFn, sqlLiterals } from '@app/database';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDelivery } from './webhook-delivery.entity';

/*
 * webhooks' hand-written statements (docs/decisions.md, "When SQL is written by hand"): an event's rows, written in
 * the transaction of every change that emits one (checkout and payment among them), the dispatcher's pick of due
 * deliveries (the per-resource ordering rule is a NOT EXISTS the query builder would only obscure), its claim, its
 * read and its conditional steps. Endpoints, the log and replays go through the repository and the query builder.
 */

const S = sqlLiterals(WEBHOOK_DELIVERY_STATUSES);

/**
 * Enabled endpoints and the event types each wants (the subscriptions cache's read; bench/sql-parity.mjs counts it as
 * bookkeeping, since its background refresh lands in whichever request's window it falls).
 */
export const SUBSCRIBED_ENDPOINTS = sql<{ id: number; eventTypes: string }>(
  'SELECT id, event_types AS eventTypes FROM webhook_endpoint WHERE enabled = 1',
);

/** An event (in the transaction of its change; its id is the resource's sequence). Parameters: uid, type, resource_key, data, occurred_at. */
export const INSERT_EVENT = sql('INSERT INTO webhook_event (uid, type, resource_key, data, occurred_at) VALUES (?, ?, ?, ?, ?)');

const DELIVERY_ROW = `(?, ?, ?, ?, ${S.pending}, 0, ?, ?, ?, ?)`;
/** Built once per row count: built per event otherwise (a shop has a few endpoints). */
const deliveryInserts: Sql[] = [];
/**
 * The event's deliveries, one per endpoint that wants it, due at once. Parameters per row: event_id, endpoint_id,
 * resource_key, seq, next_attempt_at, retry_since, created_at, updated_at.
 */
export const INSERT_DELIVERIES = sqlFn(
  (rows: number) =>
    (deliveryInserts[rows] ??= sql(
      'INSERT INTO webhook_delivery (event_id, endpoint_id, resource_key, seq, status, attempts, next_attempt_at, retry_since, created_at, updated_at) VALUES ' +
        Array.from({ length: rows }, () => DELIVERY_ROW).join(', '),
    )),
  [[1], [2]],
);

/**
 * Due deliveries to enabled endpoints that are first in line for their resource: no pending delivery of the same
 * endpoint and resource with a smaller seq (a later event waits until the earlier one succeeded or was given up).
 * Parameters: now, now, limit.
 */
export const DUE_DELIVERIES = sql<Pick<WebhookDelivery, 'id' | 'resourceKey' | 'seq'>>(
  `SELECT d.id AS id, d.resource_key AS resourceKey, d.seq AS seq FROM webhook_delivery d ` +
    `INNER JOIN webhook_endpoint e ON e.id = d.endpoint_id ` +
    `WHERE d.status = ${S.pending} AND d.next_attempt_at <= ? AND (d.locked_until IS NULL OR d.locked_until <= ?) AND e.enabled = 1 ` +
    `AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.endpoint_id = d.endpoint_id AND p.resource_key = d.resource_key ` +
    `AND p.status = ${S.pending} AND p.seq < d.seq) ` +
    `ORDER BY d.next_attempt_at, d.seq LIMIT ?`,
);

/**
 * Claims the due deliveries among `ids` for one attempt each, until `locked_until`, under the claim's random token
 * `locked_by` (CLAIMED reads back the ones this claim won). Parameters: locked_by, locked_until, updated_at, now, now,
 * the ids.
 */
export const CLAIM_DELIVERIES = sqlFn(
  (ids: number) =>
    sql(
      `UPDATE webhook_delivery SET locked_by = ?, locked_until = ?, updated_at = ? ` +
        `WHERE status = ${S.pending} AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) AND id IN (${marks(ids)})`,
    ),
  [[1], [3]],
);

/** What a claimed delivery's attempt needs: the delivery, its event (the document as stored JSON) and its endpoint. */
export interface ClaimedDelivery {
  id: number;
  attempts: number;
  retrySince: unknown;
  uid: string;
  type: string;
  occurredAt: unknown;
  data: string;
  endpointId: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: unknown;
}

/** The deliveries among `ids` this claim holds, with their events and endpoints. Parameters: locked_by, the ids. */
export const CLAIMED = sqlFn(
  (ids: number) =>
    sql<ClaimedDelivery>(
      `SELECT d.id AS id, d.attempts AS attempts, d.retry_since AS retrySince, ev.uid AS uid, ev.type AS type, ` +
        `ev.occurred_at AS occurredAt, ev.data AS data, e.id AS endpointId, e.url AS url, e.secret AS secret, ` +
        `e.previous_secret AS previousSecret, e.previous_secret_until AS previousSecretUntil FROM webhook_delivery d ` +
        `INNER JOIN webhook_event ev ON ev.id = d.event_id INNER JOIN webhook_endpoint e ON e.id = d.endpoint_id ` +
        `WHERE d.locked_by = ? AND d.id IN (${marks(ids)})`,
    ),
  [[1], [3]],
);

/**
 * An attempt's outcome, written only while the claim holds (a replay meanwhile cleared it: its own attempt follows).
 * Parameters: status, attempts, retry_since, next_attempt_at, response_code, latency_ms, last_error, last_attempt_at, delivered_at,
 * updated_at, id, locked_by.
 */
export const RECORD_ATTEMPT = sql(
  `UPDATE webhook_delivery SET status = ?, attempts = ?, retry_since = ?, next_attempt_at = ?, response_code = ?, latency_ms = ?, last_error = ?, ` +
    `last_attempt_at = ?, delivered_at = ?, locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ? AND locked_by = ?`,
);

/**
 * The successful attempts of one claim, recorded at once (one statement per batch instead of one per delivery),
 * only while the claim holds. `retry_since` is assigned before `attempts` (MySQL reads a column assigned earlier in
 * the same SET as updated, SQLite as it was). Parameters: retry_since (for a first attempt), next_attempt_at, (id,
 * response_code) per row, (id, latency_ms) per row, last_attempt_at, delivered_at, updated_at, locked_by, the ids.
 */
export const RECORD_SUCCESSES = sqlFn(
  (rows: number) => {
    const cases = Array.from({ length: rows }, () => 'WHEN ? THEN ?').join(' ');
    return sql(
      `UPDATE webhook_delivery SET retry_since = CASE WHEN attempts = 0 THEN ? ELSE retry_since END, attempts = attempts + 1, ` +
        `status = ${S.succeeded}, next_attempt_at = ?, response_code = CASE id ${cases} END, latency_ms = CASE id ${cases} END, ` +
        `last_error = NULL, last_attempt_at = ?, delivered_at = ?, locked_by = NULL, locked_until = NULL, updated_at = ? ` +
        `WHERE locked_by = ? AND id IN (${marks(rows)})`,
    );
  },
  [[1], [3]],
);

/** A failed attempt adds to the endpoint's streak. Parameters: updated_at, id. */
export const COUNT_FAILURE = sql(
  `UPDATE webhook_endpoint SET consecutive_failures = consecutive_failures + 1, updated_at = ? WHERE id = ?`,
);

/** A success ends the streak (no write when there is none). Parameters: updated_at, id. */
export const RESET_FAILURES = sql(
  `UPDATE webhook_endpoint SET consecutive_failures = 0, updated_at = ? WHERE id = ? AND consecutive_failures > 0`,
);

/** Disables an endpoint whose streak reached the limit, once. Parameters: disabled_reason, disabled_at, updated_at, id, limit. */
export const AUTO_DISABLE = sql(
  `UPDATE webhook_endpoint SET enabled = 0, disabled_reason = ?, disabled_at = ?, updated_at = ? ` +
    `WHERE id = ? AND enabled = 1 AND consecutive_failures >= ?`,
);
