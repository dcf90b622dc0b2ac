import { sql, sqlLiterals } from '@app/database';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDelivery } from './webhook-delivery.entity';

/*
 * webhooks' hand-written statements (docs/decisions.md, "When SQL is written by hand"): the dispatcher's pick of due
 * deliveries (the per-resource ordering rule is a NOT EXISTS the query builder would only obscure) and its
 * conditional steps. Endpoints, the log and replays go through the repository and the query builder.
 */

const S = sqlLiterals(WEBHOOK_DELIVERY_STATUSES);

/**
 * The event types enabled endpoints subscribe to (the subscriptions cache's read; bench/sql-parity.mjs counts it as
 * bookkeeping, since its background refresh lands in whichever request's window it falls).
 */
export const SUBSCRIBED_TYPES = sql<{ eventTypes: string }>('SELECT event_types AS eventTypes FROM webhook_endpoint WHERE enabled = 1');

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

/** Claims a due delivery for one attempt until `locked_until`. Parameters: locked_until, updated_at, id, now, now. */
export const CLAIM_DELIVERY = sql(
  `UPDATE webhook_delivery SET locked_until = ?, updated_at = ? ` +
    `WHERE id = ? AND status = ${S.pending} AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)`,
);

/**
 * An attempt's outcome, written only while the claim holds (a replay meanwhile cleared it: its own attempt follows).
 * Parameters: status, attempts, retry_since, next_attempt_at, response_code, latency_ms, last_error, last_attempt_at, delivered_at,
 * updated_at, id, locked_until.
 */
export const RECORD_ATTEMPT = sql(
  `UPDATE webhook_delivery SET status = ?, attempts = ?, retry_since = ?, next_attempt_at = ?, response_code = ?, latency_ms = ?, last_error = ?, ` +
    `last_attempt_at = ?, delivered_at = ?, locked_until = NULL, updated_at = ? WHERE id = ? AND locked_until = ?`,
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
