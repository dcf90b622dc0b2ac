// Load generators: autocannon for open-ended scenarios (S0-S3), and a keep-alive worker loop for
// scenarios where each worker is one buyer or the work is a fixed list (S4, S5).
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

/** autocannon for `seconds`; `requests` as autocannon takes them (setupRequest randomizes each one). */
export function cannon({ url, connections, seconds, requests }) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 10 }, (err, r) => {
      if (err) return reject(err);
      const non2xx = r.non2xx ?? 0;
      resolve({
        requests: r.requests.total,
        seconds: r.duration,
        rps: r.requests.total / r.duration,
        p50: r.latency.p50,
        p99: r.latency.p99,
        non2xx,
        errors: r.errors + r.timeouts,
        statuses: {
          '1xx': r['1xx'],
          '2xx': r['2xx'],
          '3xx': r['3xx'],
          '4xx': r['4xx'],
          '5xx': r['5xx'],
        },
      });
    });
    instance.on('error', reject);
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * One keep-alive HTTP request; resolves { status, body, ms } or { error }.
 */
function send(agent, base, { method, path, headers, body }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(base + path, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
      );
      res.on('error', (error) => resolve({ error, ms: performance.now() - started }));
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ error, ms: performance.now() - started }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/**
 * `workers` concurrent loops. Each worker w calls next(w, i) for its i-th request (return undefined
 * to stop) until `seconds` pass (or, without seconds, until every worker stops). `expect(res)` says
 * whether the answer is the expected one. Returns rps, p50, p99 (ms), counts by status, errors.
 */
export async function workLoop({ base, workers, seconds, next, expect = (r) => r.status >= 200 && r.status < 300, onResponse }) {
  const agent = new Agent({ keepAlive: true, maxSockets: workers });
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let unexpected = 0;
  const started = performance.now();
  const deadline = seconds ? started + seconds * 1000 : Infinity;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const spec = next(w, i);
        if (!spec) return;
        const res = await send(agent, base, spec);
        if (res.error) {
          errors++;
          continue;
        }
        latencies.push(res.ms);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (!expect(res, spec)) unexpected++;
        onResponse?.(res, spec);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    seconds: elapsed,
    rps: latencies.length / elapsed,
    p50: round(percentile(latencies, 50)),
    p99: round(percentile(latencies, 99)),
    statuses,
    unexpected,
    errors,
  };
}

const round = (v) => Math.round(v * 100) / 100;
