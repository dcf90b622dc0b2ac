#!/usr/bin/env node
// npm run bench: wxmall against a bare Fastify + mysql2 "floor" running the same SQL, side by side.
// See docs/benchmark.md. Options (argv or env):
//   --duration 10 (BENCH_DURATION)   seconds per measured round
//   --warmup 3    (BENCH_WARMUP)     seconds of warm-up per server and scenario
//   --rounds 5    (BENCH_ROUNDS)     A/B rounds (wxmall, floor, wxmall, floor, ...; at least 3)
//   --connections 50 (BENCH_CONNECTIONS)  concurrency of S0-S3 and S5
//   --s5-orders 1000 (BENCH_S5_ORDERS)    orders paid per S5 round and server
//   --only S1,S2  run a subset (S0..S5, cold)        --strict  a missed target fails the run
//   --no-build    use the existing dist/                --no-parity  skip the SQL parity check (development only)
//   --no-distribution (BENCH_DISTRIBUTION=0)  --no-webhooks (BENCH_WEBHOOKS=0)  S4/S5 and the parity check without
//                 bound buyers' commissions / the webhook endpoint (bench/lib/shop-setup.mjs; both on by default)
import { execFileSync, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { databasePid, cpuMs } from './lib/cpu.mjs';
import { serverVersion } from './lib/db.mjs';
import { APPID, DB_SERVER } from './lib/env.mjs';
import { couponPool } from './lib/coupons.mjs';
import { cannon, workLoop } from './lib/load.mjs';
import { cleanup, cpuMsOf, installExitHandlers, rssSampler, sleep } from './lib/procs.mjs';
import { call, createBuyers, gatewayHeaders, ledger, log, pickSku, pool, ROOT, runTag, setStock, startBench } from './lib/setup.mjs';
import { boundOrders, commissionCheck } from './lib/distribution.mjs';
import { shopFeatures, shopSetup } from './lib/shop-setup.mjs';
import { drainWebhooks, webhookCheck, webhookMark } from './lib/webhooks.mjs';
import { signedNotification, transactionEvent } from './lib/wxpay.mjs';
import { checkParity } from './sql-parity.mjs';

// `npm run bench -- --growth [growth options]`: the growth run (bench/growth.mjs) instead of the floor comparison.
if (process.argv.includes('--growth')) {
  await import('./growth.mjs');
  process.exit(process.exitCode ?? 0);
}

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    's5-orders': { type: 'string' },
    only: { type: 'string' },
    strict: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'no-parity': { type: 'boolean', default: false },
    'no-distribution': { type: 'boolean', default: false },
    'no-webhooks': { type: 'boolean', default: false },
  },
});
const num = (v, env, fallback) => {
  const n = Number(v ?? process.env[env] ?? fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bad value for ${env}: ${v ?? process.env[env]}`);
  return n;
};
const opts = {
  duration: num(argv.duration, 'BENCH_DURATION', 10),
  warmup: num(argv.warmup, 'BENCH_WARMUP', 3),
  rounds: Math.max(3, Math.floor(num(argv.rounds, 'BENCH_ROUNDS', 5))),
  connections: Math.floor(num(argv.connections, 'BENCH_CONNECTIONS', 50)),
  s5Orders: Math.floor(num(argv['s5-orders'], 'BENCH_S5_ORDERS', 1000)),
  strict: argv.strict || process.env.BENCH_STRICT === '1',
};
const ALL = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5', 'cold'];
const only = (argv.only ?? process.env.BENCH_ONLY)?.split(',').map((s) => s.trim());
if (only?.some((s) => !ALL.includes(s))) throw new Error(`--only takes ${ALL.join(',')}`);
const selected = new Set(only ?? ALL);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r2 = (v) => Math.round(v * 100) / 100;
const DB_PID = databasePid(Number(new URL(DB_SERVER).port) || 3306);
const MB = 1024 * 1024;

const failures = [];
const fail = (msg) => {
  failures.push(msg);
  log(`FAIL: ${msg}`);
};

/** Alternating rounds after one warm-up per server; `measure(server, label)` returns a load result. */
async function abRounds(name, ctx, measure, { warm, beforeEach } = {}) {
  const servers = [
    ['wxmall', ctx.wxmall],
    ['floor', ctx.floor],
  ];
  for (const [side, server] of servers) {
    await beforeEach?.(side, 'warmup');
    await (warm ?? measure)(server, `${name} warm-up ${side}`, side, 'warmup');
  }
  const rounds = [];
  for (let i = 0; i < opts.rounds; i++) {
    const round = {};
    for (const [side, server] of servers) {
      await beforeEach?.(side, i);
      const cpuBefore = cpuMsOf(server.pid);
      const dbBefore = DB_PID ? cpuMs(DB_PID) : undefined;
      round[side] = await measure(server, `${name} round ${i + 1} ${side}`, side, i);
      const r = round[side];
      // The server's own CPU per request: steadier than req/s when other work shares the machine.
      r.cpuMsPerRequest = cpuBefore === undefined ? undefined : Math.round(((cpuMsOf(server.pid) - cpuBefore) / r.requests) * 1000) / 1000;
      // MariaDB's (an upper bound: other sessions' statements on the same server count too).
      r.dbCpuMsPerRequest = dbBefore === undefined ? undefined : Math.round(((cpuMs(DB_PID) - dbBefore) / r.requests) * 1000) / 1000;
      log(
        `${name} round ${i + 1} ${side}: ${r2(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, errors ${errorsOf(r)}, CPU ${r.cpuMsPerRequest} ms/request (MariaDB ${r.dbCpuMsPerRequest})`,
      );
    }
    round.ratio = round.wxmall.rps / round.floor.rps;
    rounds.push(round);
  }
  return summarize(rounds);
}

/**
 * wxmall's periodic work as production runs it (JOBS_IN_PROCESS=true: due sweeps and jobs every JOBS_POLL_MS, 1 s),
 * driven through `POST /internal/jobs/tick`, one at a time. `during(fn)` runs it around wxmall's rounds only.
 */
/** Events one rollup sweep run reads at most (MAX_STEPS x EVENT_BATCH, libs/reports/src/rollups.service.ts, rollups.ts). */
const ROLLUP_RUN_CAP = 20 * 2000;

function jobTicker(ctx) {
  // node:http without a timeout: a tick that works off a backlog (thousands of expired orders) may take minutes, past
  // fetch's five-minute header timeout.
  const tick = () =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${ctx.wxmall.url}/api/v1/internal/jobs/tick`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ctx.wEnv.JOBS_TRIGGER_TOKEN}` },
      });
      req.once('error', reject);
      req.once('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.once('end', () => {
          if (res.statusCode !== 200) reject(new Error(`jobs tick: ${res.statusCode} ${body}`));
          else resolve(JSON.parse(body));
        });
      });
      req.end();
    });
  const stats = { ticks: 0, sweeps: {}, jobs: { done: 0, retried: 0, dead: 0 } };
  const record = (summary) => {
    stats.ticks++;
    for (const s of summary.sweeps ?? []) stats.sweeps[s.name] = (stats.sweeps[s.name] ?? 0) + s.handled;
    for (const k of Object.keys(stats.jobs)) stats.jobs[k] += summary.jobs?.[k] ?? 0;
  };
  return {
    stats,
    /** One tick now (the webhook drain ticks back to back). */
    tick: async () => record(await tick()),
    /**
     * Ticks until the backlog left by earlier runs is worked off (unpaid orders from them expire; events the rollup
     * sweep has not read yet, all of them when the bench database has never run it): until a rollup run reads fewer
     * events than one run may (MAX_STEPS x EVENT_BATCH in libs/reports/src/rollups*.ts), at most `maxSeconds`.
     */
    async catchUp(maxSeconds) {
      const started = performance.now();
      const runs = [];
      while (performance.now() - started < maxSeconds * 1000) {
        const summary = await tick();
        record(summary);
        const rollup = summary.sweeps?.find((x) => x.name === 'reports.rollup');
        if (rollup) runs.push(rollup.handled);
        if (rollup && rollup.handled < ROLLUP_RUN_CAP) break;
        await sleep(1000);
      }
      const secs = Math.round((performance.now() - started) / 1000);
      log(`periodic work caught up in ${secs} s (rollup runs read ${runs.join(', ') || 'nothing'} events)`);
    },
    async during(fn) {
      let stop = false;
      const loop = (async () => {
        while (!stop) {
          record(await tick());
          for (let i = 0; i < 10 && !stop; i++) await sleep(100);
        }
      })();
      try {
        return await fn();
      } finally {
        stop = true;
        await loop;
      }
    },
  };
}

const errorsOf = (r) => (r.errors ?? 0) + (r.non2xx ?? 0) + (r.unexpected ?? 0);

function summarize(rounds) {
  const side = (s) => ({
    rps: r2(median(rounds.map((r) => r[s].rps))),
    p50: r2(median(rounds.map((r) => r[s].p50))),
    p99: r2(median(rounds.map((r) => r[s].p99))),
    errors: rounds.reduce((n, r) => n + errorsOf(r[s]), 0),
    requests: rounds.reduce((n, r) => n + r[s].requests, 0),
    cpuMsPerRequest: median(rounds.map((r) => r[s].cpuMsPerRequest)),
    dbCpuMsPerRequest: median(rounds.map((r) => r[s].dbCpuMsPerRequest)),
  });
  return { wxmall: side('wxmall'), floor: side('floor'), ratio: Math.round(median(rounds.map((r) => r.ratio)) * 1000) / 1000, rounds };
}

/**
 * Webhooks (issue 21), after a scenario: its events worked off by ticks back to back (a ticker of its own, so the
 * rounds' `periodicWork` stays theirs), then every event id at the receiver with a valid signature and an event of
 * each expected type for each of the scenario's orders.
 */
async function webhooksAfter(name, ctx, mark, expect) {
  if (!ctx.shop.webhooks) return undefined;
  log(`${name}: working off its webhook events (ticks back to back)...`);
  const ticks = jobTicker(ctx);
  const cpuBefore = cpuMsOf(ctx.wxmall.pid);
  const drain = await drainWebhooks(ctx.db, ticks.tick, ctx.shop.endpointId, mark);
  const cpuMs = cpuMsOf(ctx.wxmall.pid) - cpuBefore;
  const check = await webhookCheck(ctx.db, ctx.shop.receiver, mark, expect);
  // What sending one event (its signed delivery, recorded) cost wxmall while nothing else ran: the part of the
  // webhook cost the floor does not pay (it sends nothing).
  const perEvent = drain.eventsWorked > 0 ? Math.round((cpuMs / drain.eventsWorked) * 1000) / 1000 : undefined;
  check.drain = { ...drain, ticks: ticks.stats.ticks, jobs: ticks.stats.jobs, wxmallCpuMsPerEvent: perEvent };
  log(`${name} webhooks: ${JSON.stringify(check)}`);
  if (!check.ok) fail(`${name} webhooks: ${JSON.stringify(check)}`);
  return check;
}

/**
 * Webhooks: before each of wxmall's runs, the events still waiting (the floor's round's, which the floor does not
 * deliver, and wxmall's own left over) are worked off, untimed, so wxmall's rounds carry the delivery of
 * their own orders' events (as far as a tick a second gets to), not the floor's.
 */
function webhookBacklog(ctx, mark) {
  if (!ctx.shop.webhooks) return undefined;
  const ticks = jobTicker(ctx);
  return async (side) => {
    if (side === 'wxmall') await drainWebhooks(ctx.db, ticks.tick, ctx.shop.endpointId, mark);
  };
}

function checkErrors(name, s) {
  for (const side of ['wxmall', 'floor']) if (s[side].errors > 0) fail(`${name}: ${s[side].errors} errors on ${side}`);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  installExitHandlers();
  const started = new Date();
  const features = shopFeatures();
  const setup = shopSetup(features);
  const ctx = await startBench({ build: !argv['no-build'], env: setup.wxmallEnv, beforeFloor: setup.configure });
  const { db, wxmall, shop } = ctx;
  const results = {
    startedAt: started.toISOString(),
    options: { ...opts, only: [...selected], ...features },
    machine: machine(await serverVersion()),
    scenarios: {},
  };

  if (!argv['no-parity']) {
    log('SQL parity check...');
    results.parity = await checkParity(ctx);
    if (!results.parity.ok) {
      fail('SQL parity: the floor does not run the same SQL as wxmall (see the diff above); not measuring');
      return finish(results);
    }
  } else results.parity = { skipped: true };

  const rss = rssSampler(wxmall.pid, 200);
  const tag = runTag();

  // Test data from the catalog.
  const [cats] = await db.query('SELECT id FROM category WHERE is_visible = 1');
  const categoryIds = cats.map((c) => Number(c.id));
  const [prods] = await db.query("SELECT id FROM product WHERE status = 'on_sale' AND deleted_at IS NULL");
  const productIds = prods.map((p) => Number(p.id));
  const [cartSkuRows] = await db.query(
    "SELECT s.id FROM sku s JOIN product p ON p.id = s.product_id WHERE s.status = 'enabled' AND s.stock >= 100 AND p.status = 'on_sale' AND p.deleted_at IS NULL",
  );
  const cartSkus = cartSkuRows.map((s) => Number(s.id));
  const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
  const c = opts.connections;
  const seconds = opts.duration;

  if (selected.has('S0')) {
    rss.mark('S0');
    const s = await abRounds(
      'S0',
      ctx,
      (server) => cannon({ url: server.url, connections: c, seconds, requests: [{ method: 'GET', path: '/healthz' }] }),
      {
        warm: (server) =>
          cannon({ url: server.url, connections: c, seconds: opts.warmup, requests: [{ method: 'GET', path: '/healthz' }] }),
      },
    );
    checkErrors('S0', s);
    results.scenarios.S0 = { title: 'GET /healthz (framework overhead)', ...s };
  }

  if (selected.has('S1')) {
    rss.mark('S1');
    const req = () => [
      {
        method: 'GET',
        setupRequest: (r) => ({
          ...r,
          path: `/api/v1/products?categoryId=${pick(categoryIds)}&sort=sales&page=${1 + Math.floor(Math.random() * 5)}&pageSize=20`,
        }),
      },
    ];
    const s = await abRounds('S1', ctx, (server) => cannon({ url: server.url, connections: c, seconds, requests: req() }), {
      warm: (server) => cannon({ url: server.url, connections: c, seconds: opts.warmup, requests: req() }),
    });
    checkErrors('S1', s);
    results.scenarios.S1 = { title: 'GET /products?categoryId&sort=sales&page (random)', categories: categoryIds.length, ...s };
  }

  if (selected.has('S2')) {
    rss.mark('S2');
    // The product page: the detail, then its review summary (its own route; issue 16: S2 with the summary included).
    const req = () => [
      {
        method: 'GET',
        setupRequest: (r, page) => {
          page.productId = pick(productIds);
          return { ...r, path: `/api/v1/products/${page.productId}` };
        },
      },
      { method: 'GET', setupRequest: (r, page) => ({ ...r, path: `/api/v1/products/${page.productId}/reviews/summary` }) },
    ];
    const s = await abRounds('S2', ctx, (server) => cannon({ url: server.url, connections: c, seconds, requests: req() }), {
      warm: (server) => cannon({ url: server.url, connections: c, seconds: opts.warmup, requests: req() }),
    });
    checkErrors('S2', s);
    results.scenarios.S2 = { title: 'GET /products/:id + its /reviews/summary (random)', products: productIds.length, ...s };
  }

  if (selected.has('S3')) {
    rss.mark('S3');
    const shoppers = Array.from({ length: 2000 }, (_, i) => `bench-${tag}-shopper-${i}`);
    const req = () => [
      {
        method: 'POST',
        setupRequest: (r) => ({
          ...r,
          path: '/api/v1/cart/items',
          headers: gatewayHeaders(pick(shoppers)),
          body: JSON.stringify({ skuId: pick(cartSkus), quantity: 1 }),
        }),
      },
    ];
    const clearCart = () => db.query('DELETE FROM cart_item');
    const s = await abRounds('S3', ctx, (server) => cannon({ url: server.url, connections: c, seconds, requests: req() }), {
      warm: (server) => cannon({ url: server.url, connections: c, seconds: opts.warmup, requests: req() }),
      beforeEach: clearCart,
    });
    await clearCart();
    checkErrors('S3', s);
    results.scenarios.S3 = {
      title: 'POST /cart/items (2,000 shoppers, random SKUs)',
      shoppers: shoppers.length,
      skus: cartSkus.length,
      ...s,
    };
  }

  let buyers;
  const needBuyers = async () => {
    if (!buyers) {
      log('creating 500 buyers with an address each (through wxmall)...');
      buyers = await createBuyers(wxmall, `bench-${tag}-buyer-`, 500);
      if (shop.distribution) log('binding each buyer to a promoter (through wxmall)...');
      await shop.bind(buyers);
    }
    return buyers;
  };

  if (selected.has('S4')) {
    rss.mark('S4');
    const bs = await needBuyers();
    const mark = await webhookMark(db);
    const hotSku = await pickSku(db, 0);
    await setStock(db, hotSku, 10_000_000);
    // Every order applies a coupon of its buyer's (issue 19: checkout with a coupon); a coupon serves one order.
    const coupons = await couponPool(db, bs, `bench-${tag}-S4`);
    const order = (side, round, w, i) => {
      const couponId = coupons.take(w);
      return {
        method: 'POST',
        path: '/api/v1/orders',
        headers: { ...gatewayHeaders(bs[w].openid), 'idempotency-key': `b${tag}-${side}-${round}-${w}-${i}` },
        body: JSON.stringify({ items: [{ skuId: hotSku, quantity: 1 }], addressId: bs[w].addressId, ...(couponId ? { couponId } : {}) }),
      };
    };
    const jobs = jobTicker(ctx);
    log("S4: wxmall runs its periodic work (sweeps, jobs) during its rounds; first earlier runs' backlog...");
    await jobs.catchUp(600);
    const hammer = async (server, side, round, workers, secs) => {
      await coupons.topUp(workers, secs);
      const run = () => workLoop({ base: server.url, workers, seconds: secs, next: (w, i) => order(side, round, w, i) });
      const r = await (side === 'wxmall' ? jobs.during(run) : run());
      coupons.saw(r);
      return r;
    };
    const backlog = webhookBacklog(ctx, mark);
    const s = await abRounds('S4', ctx, (server, _l, side, round) => hammer(server, side, round, 200, seconds), {
      warm: (server, _l, side) => hammer(server, side, 'w', 200, opts.warmup),
      beforeEach: backlog,
    });
    log(`S4 periodic work during wxmall's rounds: ${JSON.stringify(jobs.stats)}`);
    checkErrors('S4', s);
    const afterThroughput = await ledger(db, hotSku);
    if (!afterThroughput.consistent) fail(`S4: ledger inconsistent after the throughput runs: ${JSON.stringify(afterThroughput)}`);

    log('S4 flatness: wxmall at 50 and 500 concurrent buyers...');
    await backlog?.('wxmall');
    const at50 = await hammer(wxmall, 'wxmall', 'f50', 50, seconds);
    await backlog?.('wxmall');
    const at500 = await hammer(wxmall, 'wxmall', 'f500', 500, seconds);
    for (const [n, r] of [
      [50, at50],
      [500, at500],
    ])
      if (errorsOf(r) > 0) fail(`S4 flatness at ${n}: ${errorsOf(r)} errors (${JSON.stringify(r.statuses)})`);
    const flat = {
      at50: r2(at50.rps),
      at500: r2(at500.rps),
      ratio: Math.round((at500.rps / at50.rps) * 1000) / 1000,
      raw: { at50, at500 },
    };
    log(`S4 flatness: ${flat.at50} req/s at 50, ${flat.at500} req/s at 500 (ratio ${flat.ratio})`);

    // Requests a run gave up on (30 s timeout on a crowded machine) may still be running in the server: wait until no
    // new order has appeared for 2 s, or they take stock in the window below and the counts cannot add up.
    const quiet = async () => {
      for (let last = -1; ; await sleep(2000)) {
        const [[{ maxId }]] = await db.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM orders');
        if (Number(maxId) === last) return;
        last = Number(maxId);
      }
    };
    const correctness = {};
    for (const [side, server] of [
      ['wxmall', ctx.wxmall],
      ['floor', ctx.floor],
    ]) {
      await quiet();
      await setStock(db, hotSku, 100);
      await coupons.topUp(300, 0);
      const [[{ maxId }]] = await db.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM orders');
      const codes = {};
      const r = await workLoop({
        base: server.url,
        workers: 300,
        next: (w, i) => (i === 0 ? order(side, 'c', w, i) : undefined),
        expect: (res) => res.status === 201 || (res.status === 409 && JSON.parse(res.body).code === 'OUT_OF_STOCK'),
        onResponse: (res) => {
          const key = res.status === 409 ? `409 ${JSON.parse(res.body).code}` : String(res.status);
          codes[key] = (codes[key] ?? 0) + 1;
        },
      });
      const [[{ n }]] = await db.query('SELECT COUNT(*) AS n FROM order_item WHERE sku_id = ? AND order_id > ?', [hotSku, maxId]);
      const [[{ withCoupon }]] = await db.query(
        'SELECT COUNT(*) AS withCoupon FROM orders o JOIN coupon c ON c.id = o.coupon_id AND c.order_id = o.id WHERE o.id > ? AND o.discount_total > 0',
        [maxId],
      );
      const l = await ledger(db, hotSku);
      const ok =
        r.statuses[201] === 100 &&
        codes['409 OUT_OF_STOCK'] === 200 &&
        r.errors === 0 &&
        Number(n) === 100 &&
        Number(withCoupon) === 100 &&
        l.stock === 0 &&
        l.consistent;
      correctness[side] = {
        responses: codes,
        errors: r.errors,
        ordersCreated: Number(n),
        withCoupon: Number(withCoupon),
        stockAfter: l.stock,
        ledgerSum: l.ledger,
        ok,
      };
      log(`S4 correctness ${side}: ${JSON.stringify(correctness[side])}`);
      if (!ok) fail(`S4 correctness on ${side}: ${JSON.stringify(correctness[side])}`);
    }
    await setStock(db, hotSku, 10_000_000);
    if (coupons.dry > 0) fail(`S4: ${coupons.dry} orders went without a coupon (the pool ran dry)`);
    // Issue 17: every order placed by a bound buyer (commissions come with payment: S5). Issue 21: each order's
    // order.created at the receiver.
    const distribution = shop.distribution ? await boundOrders(db, mark.orderId) : undefined;
    if (distribution) {
      log(`S4 distribution: ${JSON.stringify(distribution)}`);
      if (distribution.byBoundBuyers !== distribution.orders) fail(`S4: orders by unbound buyers: ${JSON.stringify(distribution)}`);
    }
    const [s4Orders] = await db.query('SELECT id FROM orders WHERE id > ?', [mark.orderId]);
    const webhooks = await webhooksAfter('S4', ctx, mark, { 'order.created': s4Orders.map((o) => o.id) });
    results.scenarios.S4 = {
      title: `POST /orders with a coupon${shop.distribution ? ' by a bound buyer' : ''}${shop.webhooks ? ', order.created webhook' : ''}, one hot SKU, 200 concurrent buyers`,
      hotSku,
      coupon: { templateId: coupons.template.id, amountOff: 100, ordersWithoutCoupon: coupons.dry },
      ...s,
      periodicWork: jobs.stats,
      oversold: !afterThroughput.consistent || afterThroughput.stock < 0,
      flatness: flat,
      correctness,
      distribution,
      webhooks,
    };
  }

  if (selected.has('S5')) {
    rss.mark('S5');
    const bs = await needBuyers();
    const mark = await webhookMark(db);
    const paySku = await pickSku(db, 1);
    await setStock(db, paySku, 10_000_000);
    // Every round's orders are made before the first round: a round measured right after a burst of setup
    // writes mostly measured MariaDB flushing them (round ratios of one run spread from 0.66 to 1.17).
    const warmCount = Math.min(100, opts.s5Orders);
    const total = 2 * warmCount + 2 * opts.rounds * opts.s5Orders;
    log(`S5 setup: ${total} pending orders through wxmall...`);
    // Pending orders with their payment row, created through wxmall's API.
    const allOrders = await pool(
      Array.from({ length: total }, (_, i) => bs[i % bs.length]),
      16,
      async (b) => {
        const o = await call(wxmall.url, 'POST', '/api/v1/orders', {
          headers: { ...gatewayHeaders(b.openid), 'idempotency-key': `p${runTag()}${runTag()}` },
          body: { items: [{ skuId: paySku, quantity: 1 }], addressId: b.addressId },
        });
        if (o.status !== 201) throw new Error(`S5 setup: POST /orders ${o.status} ${JSON.stringify(o.data)}`);
        const p = await call(wxmall.url, 'POST', `/api/v1/orders/${o.data.id}/pay`, { headers: gatewayHeaders(b.openid, false) });
        if (p.status !== 200) throw new Error(`S5 setup: POST /orders/:id/pay ${p.status} ${JSON.stringify(p.data)}`);
        return { id: o.data.id, orderNo: o.data.orderNo, amount: o.data.payAmount, openid: b.openid };
      },
    );
    let used = 0;
    const deliver = async (server, count) => {
      const orders = allOrders.slice(used, (used += count));
      // Built right before sending: Wechatpay-Timestamp must be within 300 s of delivery.
      const events = orders.map((o) =>
        transactionEvent({ appid: APPID, mchId: ctx.keys.mchId, outTradeNo: o.orderNo, amount: o.amount, openid: o.openid }),
      );
      const deliveries = events.map((e) => signedNotification(e, ctx.keys));
      const dupes = Math.round(deliveries.length * 0.2);
      for (let i = 0; i < dupes; i++) deliveries.push(deliveries[Math.floor(Math.random() * events.length)]);
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [deliveries[i], deliveries[j]] = [deliveries[j], deliveries[i]];
      }
      let next = 0;
      return workLoop({
        base: server.url,
        workers: c,
        next: () => {
          const d = deliveries[next++];
          return d && { method: 'POST', path: '/api/v1/payments/wechat/notify', headers: d.headers, body: d.body };
        },
      });
    };
    const jobs = jobTicker(ctx);
    log('S5: wxmall runs its periodic work (sweeps, jobs) during its rounds; first the backlog...');
    await jobs.catchUp(600);
    const withJobs = (server, side, count) => (side === 'wxmall' ? jobs.during(() => deliver(server, count)) : deliver(server, count));
    const s = await abRounds('S5', ctx, (server, _l, side) => withJobs(server, side, opts.s5Orders), {
      warm: (server, _l, side) => withJobs(server, side, warmCount),
      beforeEach: webhookBacklog(ctx, mark),
    });
    log(`S5 periodic work during wxmall's rounds: ${JSON.stringify(jobs.stats)}`);
    checkErrors('S5', s);
    // Every order paid exactly once.
    const ids = allOrders.map((o) => o.id);
    const [check] = await db.query(
      `SELECT o.id, o.status,
              (SELECT COUNT(*) FROM payment p WHERE p.order_id = o.id AND p.status = 'succeeded') AS payments,
              (SELECT COUNT(*) FROM order_event e WHERE e.order_id = o.id AND e.to_status = 'paid') AS paidEvents
         FROM orders o WHERE o.id IN (?)`,
      [ids],
    );
    const notPaid = check.filter((r) => r.status !== 'paid' || Number(r.payments) !== 1 || Number(r.paidEvents) < 1).length;
    const doublePaid = check.filter((r) => Number(r.payments) > 1 || Number(r.paidEvents) > 1).length;
    const correctness = { orders: ids.length, paidExactlyOnce: check.length - notPaid - doublePaid, notPaid, doublePayments: doublePaid };
    log(`S5 correctness: ${JSON.stringify(correctness)}`);
    if (notPaid > 0 || doublePaid > 0 || check.length !== ids.length) fail(`S5 correctness: ${JSON.stringify(correctness)}`);
    // Issue 17: level-1 and level-2 commissions of every paid order; issue 21: its order.created and order.paid.
    const distribution = shop.distribution ? await commissionCheck(db, ids, shop.promoters) : undefined;
    if (distribution) {
      log(`S5 commissions: ${JSON.stringify(distribution)}`);
      if (!distribution.ok) fail(`S5 commissions: ${JSON.stringify(distribution)}`);
    }
    const webhooks = await webhooksAfter('S5', ctx, mark, { 'order.created': ids, 'order.paid': ids });
    results.scenarios.S5 = {
      title: `payment notifications (signed + encrypted, +20% duplicates)${shop.distribution ? ', commissions of bound buyers' : ''}${shop.webhooks ? ', order.paid webhook' : ''}, ${opts.s5Orders} orders per round`,
      ...s,
      periodicWork: jobs.stats,
      correctness,
      distribution,
      webhooks,
    };
  }

  results.rss = (({ overallBytes, perScenarioBytes }) => ({
    peakMB: r2(overallBytes / MB),
    perScenarioMB: Object.fromEntries(Object.entries(perScenarioBytes).map(([k, v]) => [k, r2(v / MB)])),
  }))(rss.stop());

  // Cold start last, with the bench servers stopped (less noise).
  await ctx.wxmall.stop();
  await ctx.floor.stop();
  if (selected.has('cold')) {
    log('cold start: 5 starts...');
    results.coldStart = await coldStart(ctx.wEnv);
    log(`cold start: median ${results.coldStart.medianMs} ms (${results.coldStart.samplesMs.join(', ')})`);
  }
  return finish(results);
}

function coldStart(env) {
  return new Promise((resolve, reject) => {
    const rest = { ...env };
    delete rest.PORT;
    delete rest.NODE_EXTRA_CA_CERTS; // the webhook receiver's certificate: not what a shop starts with
    const child = spawn(process.execPath, [join(ROOT, 'bench/cold-start.mjs'), '5'], {
      cwd: ROOT,
      env: rest,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`cold-start.mjs exited with ${code}: ${err}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

function machine(mariadb) {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    model = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]).toString().trim() || model;
  } catch {
    /* keep os.cpus() */
  }
  return {
    cpu: model,
    cores: cpus().length,
    ramGB: r2(totalmem() / 1024 ** 3),
    node: process.version,
    mariadb,
    platform: process.platform,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets and reports

function targets(results) {
  const out = [];
  const sc = results.scenarios;
  const add = (scenario, target, met, value) => out.push({ scenario, target, met, value });
  if (sc.S0) add('S0', 'ratio >= 0.85', sc.S0.ratio >= 0.85, sc.S0.ratio);
  for (const k of ['S1', 'S2', 'S3']) {
    if (!sc[k]) continue;
    add(k, 'ratio >= 0.85', sc[k].ratio >= 0.85, sc[k].ratio);
    const p99x = r2(sc[k].wxmall.p99 / sc[k].floor.p99);
    add(k, "p99 <= 1.3x floor's", p99x <= 1.3, `${p99x}x`);
  }
  if (sc.S4) {
    add('S4', 'ratio >= 0.8', sc.S4.ratio >= 0.8, sc.S4.ratio);
    add(
      'S4',
      'zero oversell',
      !sc.S4.oversold && Object.values(sc.S4.correctness).every((x) => x.ok),
      sc.S4.oversold ? 'oversold' : 'none',
    );
    add('S4', 'req/s 500 / 50 buyers >= 0.8', sc.S4.flatness.ratio >= 0.8, sc.S4.flatness.ratio);
  }
  if (sc.S5) {
    add('S5', 'ratio >= 0.8', sc.S5.ratio >= 0.8, sc.S5.ratio);
    add('S5', 'zero double payments', sc.S5.correctness.doublePayments === 0, sc.S5.correctness.doublePayments);
  }
  if (results.coldStart) add('cold start', 'median < 1000 ms', results.coldStart.medianMs < 1000, `${results.coldStart.medianMs} ms`);
  if (results.rss) add('RSS', 'peak under load < 256 MB', results.rss.peakMB < 256, `${results.rss.peakMB} MB`);
  return out;
}

function markdown(results) {
  const t = results.targets;
  const sc = results.scenarios;
  const m = results.machine;
  const lines = [
    `# wxmall benchmark: ${results.startedAt}`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM; Node ${m.node}; MariaDB ${m.mariadb}. ` +
      `Rounds: ${results.options.rounds} x ${results.options.duration} s (A/B alternating, after ${results.options.warmup} s warm-up), ` +
      `${results.options.connections} connections (S0-S3, S5), DB_POOL_SIZE=10 for both servers.`,
    '',
    `SQL parity: ${results.parity?.skipped ? 'skipped' : results.parity?.ok ? 'every route runs the same statements (normalized exact text)' : 'MISMATCH'}`,
    '',
    `Shop (S4, S5, parity): distribution ${results.options.distribution ? 'on, every buyer bound to a promoter with a level-2 parent' : 'off'}; webhooks ${results.options.webhooks ? 'on, one endpoint for order.created and order.paid' : 'off'}.`,
    '',
    '| scenario | wxmall req/s | floor req/s | ratio | p50 w/f (ms) | p99 w/f (ms) | errors w/f | target | met? |',
    '| --- | ---: | ---: | ---: | --- | --- | --- | --- | --- |',
  ];
  for (const k of ['S0', 'S1', 'S2', 'S3', 'S4', 'S5']) {
    const s = sc[k];
    if (!s) continue;
    const mine = t.filter((x) => x.scenario === k);
    lines.push(
      `| ${k} ${s.title} | ${s.wxmall.rps} | ${s.floor.rps} | ${s.ratio} | ${s.wxmall.p50} / ${s.floor.p50} | ${s.wxmall.p99} / ${s.floor.p99} | ${s.wxmall.errors} / ${s.floor.errors} | ${mine.map((x) => x.target).join('; ')} | ${mine.map((x) => `${x.met ? 'met' : '**missed**'} (${x.value})`).join('; ')} |`,
    );
  }
  lines.push('');
  const cpu = ['S0', 'S1', 'S2', 'S3', 'S4', 'S5'].filter((k) => sc[k]?.wxmall.cpuMsPerRequest !== undefined);
  if (cpu.length)
    lines.push(
      `Server CPU per request (user + system ms of the server process, median of the rounds), wxmall / floor: ${cpu
        .map((k) => `${k} ${sc[k].wxmall.cpuMsPerRequest} / ${sc[k].floor.cpuMsPerRequest}`)
        .join(', ')}. MariaDB's during the same rounds (an upper bound: other sessions' statements count too): ${cpu
        .map((k) => `${k} ${sc[k].wxmall.dbCpuMsPerRequest} / ${sc[k].floor.dbCpuMsPerRequest}`)
        .join(', ')}.`,
      '',
    );
  if (sc.S4) {
    lines.push(
      `S4 flatness (wxmall): ${sc.S4.flatness.at50} req/s at 50 buyers, ${sc.S4.flatness.at500} req/s at 500 buyers, ratio 500/50 = ${sc.S4.flatness.ratio} (target >= 0.8: ${sc.S4.flatness.ratio >= 0.8 ? 'met' : '**missed**'}).`,
      '',
    );
    for (const [side, c] of Object.entries(sc.S4.correctness))
      lines.push(
        `S4 correctness (${side}): stock 100, 300 buyers at once: ${JSON.stringify(c.responses)}, ${c.ordersCreated} orders (${c.withCoupon ?? 0} with their coupon), stock after ${c.stockAfter}, ledger sum ${c.ledgerSum}: ${c.ok ? 'ok' : '**FAILED**'}.`,
      );
    lines.push('');
    const d = sc.S4.distribution;
    if (d)
      lines.push(
        `S4 distribution: ${d.orders} orders, ${d.byBoundBuyers} by bound buyers (unpaid: their commissions come with payment, S5): ${d.orders === d.byBoundBuyers ? 'ok' : '**FAILED**'}.`,
        '',
      );
    if (sc.S4.webhooks) lines.push(webhookLine('S4', sc.S4.webhooks), '');
  }
  if (sc.S5) {
    const c = sc.S5.correctness;
    lines.push(
      `S5 correctness: ${c.orders} orders, ${c.paidExactlyOnce} paid exactly once, ${c.notPaid} not paid, ${c.doublePayments} double payments: ${c.notPaid === 0 && c.doublePayments === 0 ? 'ok' : '**FAILED**'}.`,
      '',
    );
    const d = sc.S5.distribution;
    if (d)
      lines.push(
        `S5 commissions: ${d.paidOrders} paid orders of bound buyers, ${d.withLevel1} with a level-1 and ${d.withLevel2} with a level-2 commission (${d.records} records, ${d.wrongAmounts} off the settings' rates), ${d.promotersOffLedger} promoters whose frozen balance differs from their ledger: ${d.ok ? 'ok' : '**FAILED**'}.`,
        '',
      );
    if (sc.S5.webhooks) lines.push(webhookLine('S5', sc.S5.webhooks), '');
  }
  if (results.coldStart) {
    const cs = results.coldStart;
    lines.push(
      `Cold start (spawn -> first 200 on /readyz, production env): median ${cs.medianMs} ms over ${cs.runs} starts (${cs.samplesMs.join(', ')} ms); target < 1000 ms: ${cs.medianMs < 1000 ? 'met' : '**missed**'}.`,
      '',
    );
  }
  if (results.rss) {
    lines.push(
      `wxmall peak RSS: ${results.rss.peakMB} MB overall (${Object.entries(results.rss.perScenarioMB)
        .map(([k, v]) => `${k} ${v} MB`)
        .join(', ')}); target < 256 MB: ${results.rss.peakMB < 256 ? 'met' : '**missed**'}.`,
      '',
    );
  }
  lines.push(
    results.failures.length
      ? `**Run FAILED:**\n\n${results.failures.map((f) => `- ${f}`).join('\n')}`
      : 'Run: no errors, every correctness check passed.',
    '',
    'Ratios are wxmall / floor per A/B round, median of the rounds; p50/p99 are medians of the rounds. See docs/benchmark.md.',
    '',
  );
  return lines.join('\n');
}

function webhookLine(name, w) {
  const orders = Object.entries(w.orders)
    .map(([type, n]) => `${n - w.ordersWithoutEvent[type]} of ${n} orders with their ${type}`)
    .join(', ');
  return `${name} webhooks: ${w.events} events, ${w.received} received at least once (${w.duplicates} duplicates, ${w.invalidSignatures} invalid signatures), ${orders}; worked off in ${w.drain.seconds} s after the scenario (${w.drain.ticks} ticks): ${w.ok ? 'ok' : '**FAILED**'}.`;
}

function finish(results) {
  results.finishedAt = new Date().toISOString();
  results.targets = targets(results);
  results.failures = failures;
  const missed = results.targets.filter((x) => !x.met);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  writeFileSync(join(dir, 'latest.md'), md);
  process.stdout.write(`\n${md}\n`);
  if (missed.length) log(`targets missed: ${missed.map((x) => `${x.scenario} ${x.target} (${x.value})`).join('; ')}`);
  if (failures.length) return 1;
  if (opts.strict && missed.length) {
    log('--strict: failing because of missed targets');
    return 1;
  }
  return 0;
}

let code;
try {
  code = await main();
} catch (err) {
  process.stderr.write(`\nbench failed: ${err?.stack ?? err}\n`);
  code = 1;
}
await cleanup();
process.exit(code);
