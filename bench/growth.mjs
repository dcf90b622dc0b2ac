#!/usr/bin/env node
// npm run bench:growth (or npm run bench -- --growth): browsing and search as the catalog grows (issue 20, "Growth").
// See docs/benchmark.md, "Growth". Options (argv or env):
//   --sizes 1000,10000,100000 (BENCH_GROWTH_SIZES)  catalog sizes, 3 SKUs per product
//   --duration 5    (BENCH_DURATION)     seconds per measured round      --warmup 2 (BENCH_WARMUP)
//   --rounds 1      (BENCH_ROUNDS)       rounds per scenario (cached, uncached, floor alternating)
//   --connections 50 (BENCH_CONNECTIONS) as S1/S2
//   --orders        also the order lists on the year of orders of bench:reports (wxmall_bench_reports)
//   --no-catalog    only the order lists                --no-build  use the existing dist/
//   --scenarios detail,listFirst  only these catalog scenarios   --servers cached,uncached  only these servers
//   BENCH_WXMALL_NODE_ARGS: extra node flags for both wxmall servers, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
//   BENCH_CATALOG_CACHE_MB: the cached server's CATALOG_CACHE_MB (default: production's), e.g. to hold every page
//   --table <results.json>  print the table of an earlier run
// Each size has its own database `wxmall_bench_growth_<size>`, seeded once with the demo generator (bulk INSERTs, then
// the search index rebuild of `npm run search:rebuild`) and reused. Three servers read it: wxmall as in production
// (read cache on), wxmall with CATALOG_CACHE_MB=0 (every read goes to MariaDB) and the floor (bench/floor, whose
// keyword search is the LIKE scan wxmall had before its token index). Writes bench/results/growth-latest.{json,md}.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ownerToken } from './lib/admin.mjs';
import { databasePid, withCpu } from './lib/cpu.mjs';
import { connect } from './lib/db.mjs';
import { APPID, DB_SERVER, generatePayKeys, productionEnv, startFakeWechatPay } from './lib/env.mjs';
import { cannon, workLoop } from './lib/load.mjs';
import { cleanup, freePort, installExitHandlers, onCleanup, rssSampler, startServer } from './lib/procs.mjs';
import { FLOOR_MAIN, gatewayHeaders, log, ROOT, runBuild, WXMALL_MAIN } from './lib/setup.mjs';

const { values: argv } = parseArgs({
  options: {
    sizes: { type: 'string' },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string' },
    orders: { type: 'boolean', default: false },
    'no-catalog': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    scenarios: { type: 'string' },
    servers: { type: 'string' },
    growth: { type: 'boolean', default: false },
    table: { type: 'string' }, // passed through by `npm run bench -- --growth`
  },
  allowPositionals: false,
});
const num = (v, env, fallback) => {
  const n = Number(v ?? process.env[env] ?? fallback);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`bad value for ${env}: ${v ?? process.env[env]}`);
  return n;
};
const opts = {
  sizes: String(argv.sizes ?? process.env.BENCH_GROWTH_SIZES ?? '1000,10000,100000')
    .split(',')
    .map((s) => num(s.trim(), 'BENCH_GROWTH_SIZES', 0)),
  duration: num(argv.duration, 'BENCH_DURATION', 5),
  warmup: num(argv.warmup, 'BENCH_WARMUP', 2),
  rounds: Math.floor(num(argv.rounds, 'BENCH_ROUNDS', 1)),
  connections: Math.floor(num(argv.connections, 'BENCH_CONNECTIONS', 50)),
  scenarios: argv.scenarios?.split(',').map((s) => s.trim()),
  servers: argv.servers?.split(',').map((s) => s.trim()),
};
const SKUS_PER_PRODUCT = 3;
const PAGE_SIZE = 20;
const DEEP_PAGE = 500;
/** Search words: many matches (a fifth of the catalog: titles, subtitles and category names), one (a SKU code), a phrase. */
const SEARCHES = { common: '咖啡', rare: 'D00500', chinese: '保温杯' };
const PREFIXES = ['冰丝', '咖啡', '手冲', '陶瓷', '【新款】', '65w', '磁吸', '明前'];
/** Issue 20's targets. */
const TARGETS = { growthP99: 2, deepVsFirst: 2, searchVsLike: 3, orderListP99: 20 };

const r2 = (v) => Math.round(v * 100) / 100;
const load = () => loadavg().map((x) => r2(x));

installExitHandlers();

function runNode(script, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited ${code}:\n${out}`))));
  });
}

async function ensureCatalog(size) {
  const dbName = `wxmall_bench_growth_${size}`;
  const url = `${DB_SERVER.replace(/\/+$/, '')}/${dbName}`;
  const server = await connect(DB_SERVER);
  await server.query(`CREATE DATABASE IF NOT EXISTS \`${dbName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();
  const db = await connect(url);
  let have = 0;
  try {
    have = Number((await db.query('SELECT COUNT(*) AS n FROM product'))[0][0].n);
  } catch (err) {
    if (err.code !== 'ER_NO_SUCH_TABLE') throw err;
  }
  let seed = null;
  if (have === 0) {
    log(`${dbName}: seeding ${size} products x ${SKUS_PER_PRODUCT} SKUs (demo generator, bulk INSERTs, then the search index)...`);
    const out = await runNode(
      join(ROOT, 'dist/libs/catalog/src/demo/seed-demo.js'),
      ['--products', String(size), '--skus-per-product', String(SKUS_PER_PRODUCT), '--seed', '42'],
      { PATH: process.env.PATH ?? '', DATABASE_URL: url, LOG_LEVEL: 'warn' },
    );
    seed = { ...JSON.parse(out.trim().split('\n').pop()), load: load() };
    log(`${dbName}: seeded ${JSON.stringify(seed)}`);
  } else if (have !== size) {
    throw new Error(`${dbName} holds ${have} products, not ${size}: drop it and run again`);
  } else log(`${dbName}: ${have} products (reused)`);
  const [[tokens]] = await db.query('SELECT COUNT(*) AS n FROM product_search_token');
  return { db, url, dbName, seed, tokens: Number(tokens.n) };
}

/** A cursor as wxmall encodes it (listing-cursor.ts): [sort, sort value, id] of the row before the page. */
const cursorOf = (sort, key, id) => Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');

async function measure(server, spec, seconds, connections = opts.connections) {
  const requests = [{ method: 'GET', setupRequest: (r) => ({ ...r, path: spec.path() }) }];
  return cannon({ url: server.url, connections, seconds, requests });
}

// MariaDB's pid: the one listening on DB_SERVER's port (BENCH_DB_PID overrides it).
const DB_PID = databasePid(Number(new URL(DB_SERVER).port) || 3306);
/** Lets the bench read wxmall's /metrics (off in production without a token). */
const METRICS_TOKEN = 'bench-growth-metrics-0123456789';

/** wxmall's read cache lookups so far (catalog_cache_reads_total, /metrics) by result: hit, shared, miss. */
async function cacheReads(server) {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const n = { hit: 0, shared: 0, miss: 0 };
  for (const m of text.matchAll(/^catalog_cache_reads_total\{[^}]*result="(\w+)"[^}]*\} (\d+)/gm)) n[m[1]] += Number(m[2]);
  return { ...n, mb: r2(Number(/^catalog_cache_bytes (\d+)/m.exec(text)?.[1] ?? 0) / 1048576) };
}

async function catalogRun(size, common) {
  const { db, url, dbName, seed, tokens } = await ensureCatalog(size);
  onCleanup(() => db.end().catch(() => undefined));
  const [cats] = await db.query('SELECT id FROM category WHERE is_visible = 1');
  const categoryIds = cats.map((c) => Number(c.id));
  const [prods] = await db.query("SELECT id FROM product WHERE status = 'on_sale' AND deleted_at IS NULL");
  const productIds = prods.map((p) => Number(p.id));
  const pages = Math.floor(productIds.length / PAGE_SIZE);
  const deep = Math.min(DEEP_PAGE, pages);
  // The row before the deep page in the `sales` order: the cursor a shopper paging on holds.
  const [[before]] = await db.query(
    "SELECT id, sales_count AS s FROM product WHERE status = 'on_sale' AND deleted_at IS NULL ORDER BY sales_count DESC, id DESC LIMIT 1 OFFSET ?",
    [(deep - 1) * PAGE_SIZE - 1],
  );
  const cursor = cursorOf('sales', Number(before.s), Number(before.id));
  const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
  const list = (q) => `/api/v1/products?${q}&pageSize=${PAGE_SIZE}`;
  const scenarios = {
    listFirst: {
      title: 'list page 1 (whole catalog or a random category, sort=sales)',
      path: () => {
        const c = pick([null, ...categoryIds]);
        return list(`sort=sales&page=1${c ? `&categoryId=${c}` : ''}`);
      },
    },
    listDeep: { title: `list page ${deep} by \`page\` (whole catalog, sort=sales)`, path: () => list(`sort=sales&page=${deep}`) },
    listDeepCursor: {
      title: `list page ${deep} by \`cursor\` (whole catalog, sort=sales)`,
      path: () => list(`sort=sales&page=${deep}&cursor=${cursor}`),
      floorNote: 'OFFSET',
    },
    detail: { title: 'product page (random product)', path: () => `/api/v1/products/${pick(productIds)}` },
    ...Object.fromEntries(
      Object.entries(SEARCHES).map(([k, word]) => [
        `search_${k}`,
        { title: `search "${word}" (${k}), page 1`, path: () => list(`keyword=${encodeURIComponent(word)}&page=1`), search: true },
      ]),
    ),
    suggest: {
      title: 'suggestions (random prefix)',
      path: () => `/api/v1/search/suggestions?q=${encodeURIComponent(pick(PREFIXES))}`,
      noFloor: true,
    },
  };
  if (opts.scenarios) for (const key of Object.keys(scenarios)) if (!opts.scenarios.includes(key)) delete scenarios[key];

  const port = await freePort();
  const env = productionEnv({ port, keys: common.keys, payBaseUrl: common.pay.url });
  const base = { ...env, DATABASE_URL: url, METRICS_TOKEN };
  const servers = [];
  const nodeArgs = process.env.BENCH_WXMALL_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const start = async (name, script, extra) => {
    if (opts.servers && !opts.servers.includes(name)) return;
    const p = await freePort();
    const args = script === WXMALL_MAIN ? nodeArgs : [];
    const s = await startServer({ name, script, env: { ...base, ...extra, PORT: String(p) }, port: p, cwd: ROOT, nodeArgs: args });
    servers.push([name, s]);
    return s;
  };
  const cacheMb = process.env.BENCH_CATALOG_CACHE_MB;
  await start('cached', WXMALL_MAIN, cacheMb ? { CATALOG_CACHE_MB: cacheMb } : {});
  await start('uncached', WXMALL_MAIN, { CATALOG_CACHE_MB: '0' });
  await start('floor', FLOOR_MAIN, {});
  log(`${dbName}: servers ready (${servers.map(([n, s]) => `${n} pid ${s.pid}`).join(', ')})`);

  // Each server's answers checked once: what they return (matches, totals), so the table says what was measured.
  const answers = {};
  for (const [key, spec] of Object.entries(scenarios)) {
    for (const [name, s] of servers) {
      if (spec.noFloor && name === 'floor') continue;
      const res = await fetch(s.url + spec.path());
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${name} ${spec.path()}: ${res.status} ${JSON.stringify(body)}`);
      if (name !== 'uncached')
        answers[`${key}:${name}`] = {
          total: body.total,
          items: body.items?.length ?? body.suggestions?.length,
          totalSource: body.totalSource,
        };
    }
  }

  const rss = Object.fromEntries(servers.map(([n, s]) => [n, rssSampler(s.pid, 200)]));
  const [[{ n: skus }]] = await db.query('SELECT COUNT(*) AS n FROM sku');
  const results = { size, products: productIds.length, skus: Number(skus), tokens, seed, deepPage: deep, answers, scenarios: {} };
  for (const [key, spec] of Object.entries(scenarios)) {
    const out = { title: spec.title, startedAt: new Date().toISOString(), loadBefore: load() };
    for (const [name, s] of servers) if (!(spec.noFloor && name === 'floor')) await measure(s, spec, opts.warmup);
    const rounds = [];
    for (let i = 0; i < opts.rounds; i++) {
      const round = {};
      for (const [name, s] of servers) {
        if (spec.noFloor && name === 'floor') continue;
        // CPU of the server and of MariaDB per request (MariaDB's includes whatever else uses it meanwhile: an upper bound).
        const readsBefore = name === 'cached' ? await cacheReads(s) : null;
        const { result: r, cpuMs } = await withCpu([s.pid, DB_PID], () => measure(s, spec, opts.duration));
        const readsAfter = readsBefore && (await cacheReads(s));
        const lookups = readsAfter && Object.fromEntries(Object.keys(readsAfter).map((k) => [k, readsAfter[k] - readsBefore[k]]));
        // One connection: the latency without the queue of the other 49 (the machine's other work still shares the cores).
        const one = await measure(s, spec, Math.min(3, opts.duration), 1);
        round[name] = {
          rps: r2(r.rps),
          p50: r.p50,
          p99: r.p99,
          errors: r.errors + r.non2xx,
          cpuServer: r2(cpuMs[0] / Math.max(1, r.requests)),
          cpuDb: r2(cpuMs[1] / Math.max(1, r.requests)),
          oneP50: one.p50,
          oneP99: one.p99,
          // Hits / lookups of the read cache during the measured round (a request may look up more than one key).
          ...(lookups && {
            hitRatio: r2(lookups.hit / Math.max(1, lookups.hit + lookups.shared + lookups.miss)),
            cacheMb: readsAfter.mb, // what the cache counts at the end of the round (CATALOG_CACHE_MB is its cap)
          }),
        };
        if (round[name].errors > 0) log(`WARN ${size} ${key} ${name}: ${round[name].errors} errors (${JSON.stringify(r.statuses)})`);
      }
      rounds.push(round);
    }
    const med = (name, f) => {
      const xs = rounds
        .map((r) => r[name]?.[f])
        .filter((x) => x !== undefined)
        .sort((a, b) => a - b);
      return xs.length ? xs[Math.floor(xs.length / 2)] : null;
    };
    for (const [name] of servers)
      if (rounds[0][name])
        out[name] = {
          ...Object.fromEntries(
            ['rps', 'p50', 'p99', 'cpuServer', 'cpuDb', 'oneP50', 'oneP99', 'hitRatio', 'cacheMb'].map((f) => [f, med(name, f)]),
          ),
          errors: rounds.reduce((n, r) => n + (r[name]?.errors ?? 0), 0),
        };
    out.loadAfter = load();
    out.finishedAt = new Date().toISOString();
    results.scenarios[key] = out;
    log(
      `${size} ${key}: ${servers
        .filter(([n]) => out[n])
        .map(
          ([n]) =>
            `${n} ${out[n].rps} req/s p99 ${out[n].p99} ms cpu ${out[n].cpuServer}+${out[n].cpuDb} ms 1-conn p99 ${out[n].oneP99}${out[n].hitRatio == null ? '' : ` hits ${out[n].hitRatio} cache ${out[n].cacheMb} MB`}`,
        )
        .join(' | ')} (load ${out.loadAfter.join(' ')})`,
    );
  }
  results.peakRssMb = Object.fromEntries(Object.entries(rss).map(([n, s]) => [n, r2(s.stop().overallBytes / 1048576)]));
  for (const [, s] of servers) await s.stop();
  await db.end();
  return results;
}

/** The shopper's and the admin's order lists on the year of orders `npm run bench:reports` seeds (1,000,000 orders). */
async function ordersRun(common) {
  const dbName = 'wxmall_bench_reports';
  const url = `${DB_SERVER.replace(/\/+$/, '')}/${dbName}`;
  const db = await connect(url);
  onCleanup(() => db.end().catch(() => undefined));
  const [[{ n: orders }]] = await db.query('SELECT COUNT(*) AS n FROM orders');
  if (Number(orders) < 1_000_000) log(`WARN: ${dbName} holds ${orders} orders (run npm run bench:reports first for 1,000,000)`);
  // Shoppers of the seeded year with orders, at random (the identity the gateway headers carry).
  const [buyers] = await db.query(
    'SELECT u.openid AS openid, COUNT(*) AS n FROM user u JOIN orders o ON o.user_id = u.id WHERE u.id IN (SELECT id FROM (SELECT id FROM user ORDER BY RAND() LIMIT 2000) r) GROUP BY u.id, u.openid',
  );
  const perBuyer = buyers.map((b) => Number(b.n)).sort((a, b) => a - b);
  const port = await freePort();
  const env = { ...productionEnv({ port, keys: common.keys, payBaseUrl: common.pay.url }), DATABASE_URL: url, WX_APPID: APPID };
  const s = await startServer({ name: 'wxmall', script: WXMALL_MAIN, env, port, cwd: ROOT });
  const admin = { authorization: `Bearer ${await ownerToken(s.url, env)}` };
  const [userRows] = await db.query('SELECT id FROM user ORDER BY RAND() LIMIT 1000');
  const userIds = userRows.map((u) => Number(u.id));
  const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
  const shopper = () => gatewayHeaders(pick(buyers).openid, false);
  const day = 86_400_000;
  const monthAgo = [60, 30].map((d) => new Date(Date.now() - d * day).toISOString());
  const scenarios = {
    mine: { title: "shopper's orders, page 1", next: () => ({ path: '/api/v1/orders?page=1&pageSize=10', headers: shopper() }) },
    mineStatus: {
      title: "shopper's orders of a status (completed), page 1",
      next: () => ({ path: '/api/v1/orders?status=completed&page=1&pageSize=10', headers: shopper() }),
    },
    admin: { title: 'admin orders, page 1 (no filter)', next: () => ({ path: '/api/v1/admin/orders?page=1&pageSize=20', headers: admin }) },
    adminStatus: {
      title: 'admin orders to ship (status=paid), page 1',
      next: () => ({ path: '/api/v1/admin/orders?status=paid&page=1&pageSize=20', headers: admin }),
    },
    adminCompleted: {
      title: 'admin orders, status=completed, page 1',
      next: () => ({ path: '/api/v1/admin/orders?status=completed&page=1&pageSize=20', headers: admin }),
    },
    adminDeep: {
      title: 'admin orders, page 50 (no filter)',
      next: () => ({ path: '/api/v1/admin/orders?page=50&pageSize=20', headers: admin }),
    },
    adminRange: {
      title: 'admin orders created in a past month (from/to), page 1',
      next: () => ({ path: `/api/v1/admin/orders?from=${monthAgo[0]}&to=${monthAgo[1]}&page=1&pageSize=20`, headers: admin }),
    },
    adminUser: {
      title: 'admin orders of one shopper',
      next: () => ({ path: `/api/v1/admin/orders?userId=${pick(userIds)}&page=1&pageSize=20`, headers: admin }),
    },
  };
  const results = {
    orders: Number(orders),
    buyersSampled: buyers.length,
    ordersPerBuyerMedian: perBuyer[Math.floor(perBuyer.length / 2)],
    scenarios: {},
  };
  for (const workers of [1, 10]) {
    for (const [key, spec] of Object.entries(scenarios)) {
      const next = () => ({ method: 'GET', ...spec.next() });
      await workLoop({ base: s.url, workers, seconds: opts.warmup, next });
      const loadBefore = load();
      const startedAt = new Date().toISOString();
      const r = await workLoop({ base: s.url, workers, seconds: opts.duration, next });
      const out = {
        title: spec.title,
        workers,
        startedAt,
        loadBefore,
        rps: r2(r.rps),
        p50: r.p50,
        p99: r.p99,
        statuses: r.statuses,
        errors: r.errors + r.unexpected,
        loadAfter: load(),
      };
      results.scenarios[`${key}@${workers}`] = out;
      log(
        `orders ${key} x${workers}: ${out.rps} req/s, p50 ${out.p50} ms, p99 ${out.p99} ms, ${JSON.stringify(r.statuses)} (load ${out.loadAfter.join(' ')})`,
      );
    }
  }
  await s.stop();
  return results;
}

function markdown(all) {
  const L = [`# Growth benchmark (${all.startedAt} - ${all.finishedAt})`, ''];
  L.push(
    `${opts.connections} connections, ${opts.rounds} round(s) x ${opts.duration} s after ${opts.warmup} s warm-up per server, then 3 s on one connection; ` +
      `cached = wxmall ${all.catalogCacheMb ? `with CATALOG_CACHE_MB=${all.catalogCacheMb}` : 'as in production (read cache on)'}, uncached = CATALOG_CACHE_MB=0, floor = bench/floor (LIKE search). ` +
      'Cells: req/s, p99 ms at 50 connections, p99 ms on one connection, CPU ms per request of the server + MariaDB (MariaDB: upper bound, shared). Load = 1-minute load average.',
    '',
  );
  const sizes = all.catalog ?? [];
  const cell = (x) => (x ? `${Math.round(x.rps)}, ${x.p99}, ${x.oneP99}, ${x.cpuServer}+${x.cpuDb}` : 'n/a');
  for (const s of sizes) {
    L.push(`${s.size} products (${s.products} on sale, ${s.skus} SKUs, ${s.tokens} index tokens; deep page = ${s.deepPage}):`, '');
    L.push('| scenario | cached | uncached | floor | load |', '| --- | --- | --- | --- | --- |');
    for (const [key, x] of Object.entries(s.scenarios))
      L.push(
        `| ${key}: ${x.title} | ${cell(x.cached)} | ${cell(x.uncached)} | ${cell(x.floor)} | ${x.loadBefore[0]} / ${x.loadAfter[0]} |`,
      );
    L.push('');
  }
  if (sizes.length) {
    L.push('| size | seed (s) | index rebuild (s) | peak RSS cached / uncached / floor (MB) |', '| ---: | ---: | ---: | --- |');
    for (const s of sizes)
      L.push(
        `| ${s.size} | ${s.seed ? r2((s.seed.ms ?? 0) / 1000) : 'reused'} | ${s.seed ? r2(s.seed.search.ms / 1000) : 'reused'} | ${s.peakRssMb.cached} / ${s.peakRssMb.uncached} / ${s.peakRssMb.floor} |`,
      );
    L.push('');
    const first = sizes[0];
    const last = sizes[sizes.length - 1];
    if (sizes.length > 1) {
      L.push(
        `Growth from ${first.size} to ${last.size} products (target: p99 <= ${TARGETS.growthP99}x): p99 at 50 connections, p99 on one connection, CPU per request.`,
        '',
      );
      for (const key of Object.keys(first.scenarios))
        for (const side of ['cached', 'uncached']) {
          const a = first.scenarios[key][side];
          const b = last.scenarios[key]?.[side];
          if (a && b)
            L.push(
              `- ${key} ${side}: p99 ${a.p99} -> ${b.p99} ms (${r2(b.p99 / a.p99)}x); one connection ${a.oneP99} -> ${b.oneP99} ms (${r2(b.oneP99 / a.oneP99)}x); CPU ${r2(a.cpuServer + a.cpuDb)} -> ${r2(b.cpuServer + b.cpuDb)} ms (${r2((b.cpuServer + b.cpuDb) / (a.cpuServer + a.cpuDb))}x)`,
            );
        }
      L.push('');
    }
    for (const s of sizes) {
      const sc = s.scenarios;
      const line = [`${s.size}:`];
      for (const side of ['cached', 'uncached'])
        if (sc.listDeep?.[side] && sc.listFirst?.[side] && sc.listDeepCursor?.[side])
          line.push(
            `deep / page 1 (${side}): by page p99 ${r2(sc.listDeep[side].p99 / sc.listFirst[side].p99)}x, CPU ${r2((sc.listDeep[side].cpuServer + sc.listDeep[side].cpuDb) / (sc.listFirst[side].cpuServer + sc.listFirst[side].cpuDb))}x; by cursor p99 ${r2(sc.listDeepCursor[side].p99 / sc.listFirst[side].p99)}x, CPU ${r2((sc.listDeepCursor[side].cpuServer + sc.listDeepCursor[side].cpuDb) / (sc.listFirst[side].cpuServer + sc.listFirst[side].cpuDb))}x;`,
          );
      for (const k of Object.keys(SEARCHES))
        if (sc[`search_${k}`]?.cached && sc[`search_${k}`]?.uncached && sc[`search_${k}`]?.floor)
          line.push(
            `search ${k} / LIKE req/s: cached ${r2(sc[`search_${k}`].cached.rps / sc[`search_${k}`].floor.rps)}x, uncached ${r2(sc[`search_${k}`].uncached.rps / sc[`search_${k}`].floor.rps)}x;`,
          );
      L.push(`- ${line.join(' ')}`);
    }
    L.push('');
  }
  if (all.orders) {
    const o = all.orders;
    L.push(
      `Order lists: ${o.orders} orders (median ${o.ordersPerBuyerMedian} per sampled buyer), target p99 < ${TARGETS.orderListP99} ms.`,
      '',
      '| scenario | workers | req/s | p50 | p99 | load |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
    );
    for (const x of Object.values(o.scenarios))
      L.push(`| ${x.title} | ${x.workers} | ${x.rps} | ${x.p50} | ${x.p99} | ${x.loadBefore[0]} / ${x.loadAfter[0]} |`);
    L.push('');
  }
  return L.join('\n');
}

async function main() {
  if (argv.table) {
    process.stdout.write(`${markdown(JSON.parse(readFileSync(argv.table, 'utf8')))}\n`);
    return;
  }
  if (!argv['no-build']) await runBuild();
  if (!existsSync(WXMALL_MAIN)) throw new Error(`${WXMALL_MAIN} is missing: run npm run build`);
  const keys = generatePayKeys();
  const pay = await startFakeWechatPay();
  onCleanup(pay.close);
  const all = {
    startedAt: new Date().toISOString(),
    opts,
    catalogCacheMb: process.env.BENCH_CATALOG_CACHE_MB ?? null,
    loadAtStart: load(),
  };
  if (!argv['no-catalog']) {
    all.catalog = [];
    for (const size of opts.sizes) all.catalog.push(await catalogRun(size, { keys, pay }));
  }
  if (argv.orders || argv['no-catalog']) all.orders = await ordersRun({ keys, pay });
  all.finishedAt = new Date().toISOString();
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const tag =
    (all.catalog ? all.catalog.map((s) => s.size).join('-') : 'orders') + (all.catalogCacheMb ? `-cache${all.catalogCacheMb}mb` : '');
  // The raw results first: the table is made from them (node bench/growth.mjs --table <file> remakes it).
  writeFileSync(join(ROOT, `bench/results/growth-${tag}.json`), `${JSON.stringify(all, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results/growth-latest.json'), `${JSON.stringify(all, null, 2)}\n`);
  const md = markdown(all);
  writeFileSync(join(ROOT, 'bench/results/growth-latest.md'), md);
  process.stdout.write(`${md}\n`);
}

// Top-level await: `npm run bench -- --growth` imports this module and exits when it has finished.
try {
  await main();
} catch (err) {
  process.stderr.write(`bench:growth failed: ${err.stack ?? err}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
