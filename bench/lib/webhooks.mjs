// Webhooks in the benchmark (issue 21: "webhook writes add no measurable cost to order creation and payment"): one
// enabled endpoint subscribed to order.created and order.paid, pointing at a receiver inside the runner that checks
// every delivery's signature as README's "Events out (webhooks)" tells a receiver to, and counts events by id.
// wxmall runs in production mode, which accepts https endpoints only: the receiver serves TLS with a certificate
// made for the run, which wxmall trusts through NODE_EXTRA_CA_CERTS (what a shop whose backend uses a private CA sets).
import { execFileSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, sleep } from './procs.mjs';

export const BENCH_EVENT_TYPES = ['order.created', 'order.paid'];

/** A self-signed certificate for 127.0.0.1 (openssl), its files removed on exit. */
export function receiverCertificate() {
  const dir = mkdtempSync(join(tmpdir(), 'wxmall-bench-tls-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  } catch (err) {
    throw new Error(`the webhook receiver needs openssl for its certificate (or run with --no-webhooks): ${err.message}`, { cause: err });
  }
  return { certPath: cert, key: readFileSync(key), cert: readFileSync(cert) };
}

/** README's receiver check, as a shop's backend writes it: timestamp within 300 s, one v1 equal in constant time. */
function verify(rawBody, header, secret, toleranceSeconds = 300) {
  const parts = String(header ?? '')
    .split(',')
    .map((p) => p.split('='));
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  return parts.some(([k, v]) => k === 'v1' && v !== undefined && v.length === expected.length && timingSafeEqual(Buffer.from(v), expected));
}

/**
 * The receiver: answers 204 to a delivery whose signature verifies with the endpoint's secret (401 otherwise) and
 * records each event id with how often it came, its type and the order it is about.
 */
export function startReceiver(tls) {
  const events = new Map(); // id -> { type, orderId, count }
  const stats = { deliveries: 0, invalidSignatures: 0, malformed: 0 };
  let secret;
  const server = createServer({ key: tls.key, cert: tls.cert, keepAliveTimeout: 30_000 }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      stats.deliveries++;
      if (!secret || !verify(raw, req.headers['x-wxmall-signature'], secret)) {
        stats.invalidSignatures++;
        res.writeHead(401).end();
        return;
      }
      let body;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      if (typeof body?.id !== 'string' || body.id !== req.headers['x-wxmall-event-id']) {
        stats.malformed++;
        res.writeHead(400).end();
        return;
      }
      const seen = events.get(body.id);
      if (seen) seen.count++;
      else events.set(body.id, { type: body.type, orderId: Number(body.data?.id), status: body.data?.status, count: 1 });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const receiver = {
        url: `https://127.0.0.1:${port}/wxmall-events`,
        events,
        stats,
        setSecret: (s) => (secret = s),
        /** Order ids of the events of `type` received. */
        ordersWith(type) {
          const out = new Set();
          for (const e of events.values()) if (e.type === type) out.add(e.orderId);
          return out;
        },
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      };
      onCleanup(receiver.close);
      resolve(receiver);
    });
  });
}

async function admin(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/**
 * As an owner: every enabled endpoint (earlier runs' receivers are gone) disabled, then, with `url`, a new endpoint
 * for the bench's event types. Answers { id, secret } or undefined.
 */
export async function configureEndpoint(base, token, url) {
  for (let page = 1; ; page++) {
    const list = await admin(base, token, 'GET', `/api/v1/admin/webhooks/endpoints?page=${page}&pageSize=100`);
    for (const e of list.items)
      if (e.enabled) await admin(base, token, 'PATCH', `/api/v1/admin/webhooks/endpoints/${e.id}`, { enabled: false });
    if (list.items.length < 100) break;
  }
  if (!url) return undefined;
  const created = await admin(base, token, 'POST', '/api/v1/admin/webhooks/endpoints', {
    url,
    eventTypes: BENCH_EVENT_TYPES,
    description: 'npm run bench receiver',
  });
  return { id: created.id, secret: created.secret };
}

/** Where the webhook tables stand, to check what a scenario added. */
export async function webhookMark(db) {
  const [[r]] = await db.query(
    'SELECT (SELECT COALESCE(MAX(id), 0) FROM webhook_event) AS eventId, (SELECT COALESCE(MAX(id), 0) FROM orders) AS orderId',
  );
  return { eventId: Number(r.eventId), orderId: Number(r.orderId) };
}

/**
 * Ticks wxmall's periodic work back to back (`tick`: one POST /internal/jobs/tick) until no delivery to the endpoint
 * is pending, at most `maxSeconds` (events and their deliveries are written with the change: there is no event job).
 * Answers the seconds it took, how many deliveries it worked off and what is left.
 */
export async function drainWebhooks(db, tick, endpointId, mark, maxSeconds = 1800) {
  const started = performance.now();
  let left;
  let pendingAtStart;
  for (;;) {
    const [[r]] = await db.query("SELECT COUNT(*) AS deliveries FROM webhook_delivery WHERE status = 'pending' AND endpoint_id = ?", [
      endpointId,
    ]);
    left = { deliveries: Number(r.deliveries) };
    pendingAtStart ??= left.deliveries;
    if (left.deliveries === 0 || performance.now() - started > maxSeconds * 1000) break;
    const before = performance.now();
    await tick();
    // The delivery sweep runs every WEBHOOK_DISPATCH_MS (2 s): wait for it between ticks.
    await sleep(Math.max(0, 500 - (performance.now() - before)));
  }
  return { seconds: Math.round((performance.now() - started) / 100) / 10, eventsWorked: pendingAtStart - left.deliveries, left };
}

/**
 * What the receiver got of the events written since `mark`: each event id at least once (duplicates counted), every
 * signature valid, and an event of each expected type for each order in `expect` ({ 'order.created': ids, ... }).
 */
export async function webhookCheck(db, receiver, mark, expect) {
  const [rows] = await db.query('SELECT uid FROM webhook_event WHERE id > ?', [mark.eventId]);
  let missing = 0;
  let duplicates = 0;
  for (const { uid } of rows) {
    const e = receiver.events.get(uid);
    if (!e) missing++;
    else duplicates += e.count - 1;
  }
  const ordersWithoutEvent = {};
  for (const [type, ids] of Object.entries(expect)) {
    const got = receiver.ordersWith(type);
    ordersWithoutEvent[type] = ids.filter((id) => !got.has(Number(id))).length;
  }
  const result = {
    events: rows.length,
    received: rows.length - missing,
    missing,
    duplicates,
    invalidSignatures: receiver.stats.invalidSignatures,
    malformed: receiver.stats.malformed,
    orders: Object.fromEntries(Object.entries(expect).map(([t, ids]) => [t, ids.length])),
    ordersWithoutEvent,
  };
  result.ok =
    missing === 0 && result.invalidSignatures === 0 && result.malformed === 0 && Object.values(ordersWithoutEvent).every((n) => n === 0);
  return result;
}
