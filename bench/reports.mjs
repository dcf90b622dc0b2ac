#!/usr/bin/env node
// npm run bench:reports: the operator's side at scale (issue 18). See docs/benchmark.md, "Reports".
//   --orders 1000000 --buyers 100000 (BENCH_REPORTS_ORDERS, BENCH_REPORTS_BUYERS)  the seeded year
//   --admins 20      (BENCH_REPORTS_ADMINS)    concurrent admins on the dashboard and the yearly report
//   --duration 20    (BENCH_DURATION)          seconds per measured scenario
//   --no-build       use the existing dist/      --no-export   skip the export RSS scenarios
//   --no-export-job  skip the second export, the same file written by the export job (mode=job) and then fetched
// Database `wxmall_bench_reports` on BENCH_DATABASE_SERVER: seeded once (npm run reports -- seed), reused while it
// holds at least --orders orders. Writes bench/results/reports-latest.json and .md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ownerToken } from './lib/admin.mjs';
import { databasePid, withCpu } from './lib/cpu.mjs';
import { connect } from './lib/db.mjs';
import { DB_SERVER, generatePayKeys, productionEnv, startFakeWechatPay } from './lib/env.mjs';
import { workLoop } from './lib/load.mjs';
import { cleanup, freePort, installExitHandlers, onCleanup, rssSampler, sleep, startServer } from './lib/procs.mjs';
import { log, ROOT, runBuild, WXMALL_MAIN } from './lib/setup.mjs';

const { values: argv } = parseArgs({
  options: {
    orders: { type: 'string' },
    buyers: { type: 'string' },
    admins: { type: 'string' },
    duration: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    'no-export': { type: 'boolean', default: false },
    'no-export-job': { type: 'boolean', default: false },
  },
});
const num = (v, env, fallback) => {
  const n = Number(v ?? process.env[env] ?? fallback);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`bad value for ${env}: ${v ?? process.env[env]}`);
  return n;
};
const opts = {
  orders: num(argv.orders, 'BENCH_REPORTS_ORDERS', 1_000_000),
  buyers: num(argv.buyers, 'BENCH_REPORTS_BUYERS', 100_000),
  admins: num(argv.admins, 'BENCH_REPORTS_ADMINS', 20),
  duration: num(argv.duration, 'BENCH_DURATION', 20),
};
const DB_NAME = 'wxmall_bench_reports';
const DATABASE_URL = `${DB_SERVER.replace(/\/+$/, '')}/${DB_NAME}`;
/** Targets of issue 18 on the development machine. */
const TARGETS = { dashboardP99: 50, yearReportP99: 200, exportRssMb: 300 };

installExitHandlers();

function day(d) {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);
}

function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/api/src/reports-cli.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL, SHOP_TIMEZONE: 'Asia/Shanghai', WX_APPID: env.WX_APPID },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => process.stderr.write(`[reports-cli] ${d}`));
    child.stderr.on('data', (d) => process.stderr.write(`[reports-cli] ${d}`));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reports-cli ${args.join(' ')} exited ${code}`))));
  });
}

async function main() {
  if (!argv['no-build']) await runBuild();
  if (!existsSync(WXMALL_MAIN)) throw new Error(`${WXMALL_MAIN} is missing: run npm run build`);
  const server = await connect(DB_SERVER);
  await server.query(`CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await server.end();

  const keys = generatePayKeys();
  const pay = await startFakeWechatPay();
  onCleanup(pay.close);
  const port = await freePort();
  // Exports stream directly at any size here: the scenario measures the one path both deliveries share.
  const env = {
    ...productionEnv({ port, keys, payBaseUrl: pay.url }),
    DATABASE_URL,
    EXPORT_DIRECT_MAX_ROWS: '10000000',
    JOBS_IN_PROCESS: 'true',
  };
  let wxmall = await startServer({ name: 'wxmall', script: WXMALL_MAIN, env, port, cwd: ROOT });
  log(`wxmall ready on ${wxmall.url} (pid ${wxmall.pid}); migrations ran`);

  const db = await connect(DATABASE_URL);
  onCleanup(() => db.end());
  const [[{ n: have }]] = await db.query('SELECT COUNT(*) AS n FROM orders');
  if (Number(have) < opts.orders) {
    log(`seeding ${opts.orders} orders, ${opts.buyers} buyers (the database holds ${have})...`);
    await wxmall.stop();
    await runCli(['seed', '--orders', String(opts.orders - Number(have)), '--buyers', String(opts.buyers)], env);
    wxmall = await startServer({ name: 'wxmall', script: WXMALL_MAIN, env, port, cwd: ROOT });
  }
  const [[counts]] = await db.query(
    'SELECT (SELECT COUNT(*) FROM orders) AS orders, (SELECT COUNT(*) FROM order_item) AS items, (SELECT COUNT(*) FROM refund) AS refunds, (SELECT COUNT(*) FROM user) AS users',
  );
  log(`data: ${JSON.stringify(counts)}`);

  const token = await ownerToken(wxmall.url, env);
  const headers = { authorization: `Bearer ${token}` };
  const dbPid = databasePid(Number(new URL(DB_SERVER).port) || 3306);
  const today = new Date();
  const yearAgo = new Date(today.getTime() - 364 * 86_400_000);
  const results = { opts, data: counts, scenarios: {} };
  const measure = async (name, path) => {
    await workLoop({
      base: wxmall.url,
      workers: opts.admins,
      seconds: Math.min(5, opts.duration),
      next: () => ({ method: 'GET', path, headers }),
    });
    const load = (workers, seconds) =>
      withCpu([wxmall.pid, dbPid], () => workLoop({ base: wxmall.url, workers, seconds, next: () => ({ method: 'GET', path, headers }) }));
    const loadBefore = loadavg()[0];
    const startedAt = new Date().toISOString();
    const { result: r, cpuMs } = await load(opts.admins, opts.duration);
    // One admin alone: the latency without the queue of the others (the machine's other work still shares the cores).
    const { result: one } = await load(1, Math.min(5, opts.duration));
    const perRequest = cpuMs.map((ms) => Math.round((ms / Math.max(1, r.requests)) * 100) / 100);
    results.scenarios[name] = {
      path,
      ...r,
      startedAt,
      load: [Math.round(loadBefore * 10) / 10, Math.round(loadavg()[0] * 10) / 10],
      cpuMsPerRequest: { wxmall: perRequest[0], database: perRequest[1] },
      oneAdmin: { rps: one.rps, p50: one.p50, p99: one.p99 },
    };
    log(
      `${name}: ${r.rps.toFixed(1)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}, errors ${r.errors}; ` +
        `CPU per request wxmall ${perRequest[0]} ms, database ${perRequest[1]} ms; 1 admin p50 ${one.p50} ms, p99 ${one.p99} ms; load ${results.scenarios[name].load.join(' -> ')}`,
    );
  };
  await measure('dashboard', '/api/v1/admin/dashboard');
  await measure('yearDailyReport', `/api/v1/admin/reports/sales?granularity=day&from=${day(yearAgo)}&to=${day(today)}`);
  await measure('yearMonthlyReport', `/api/v1/admin/reports/sales?granularity=month&from=${day(yearAgo)}&to=${day(today)}`);
  await measure('yearProductReport', `/api/v1/admin/reports/products?from=${day(yearAgo)}&to=${day(today)}&groupBy=sku`);

  if (!argv['no-export']) {
    const rss = rssSampler(wxmall.pid, 100);
    rss.mark('export');
    const started = performance.now();
    const res = await fetch(`${wxmall.url}/api/v1/admin/exports/orders`, { headers });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    const seconds = (performance.now() - started) / 1000;
    const peaks = rss.stop();
    results.scenarios.exportOrders = {
      rows: lines - 1,
      bytes,
      seconds,
      peakRssMb: Math.round((peaks.perScenarioBytes.export ?? 0) / 1048576),
    };
    log(
      `export: ${lines - 1} rows, ${(bytes / 1048576).toFixed(1)} MB in ${seconds.toFixed(1)} s, peak RSS ${results.scenarios.exportOrders.peakRssMb} MB`,
    );
  }

  if (!argv['no-export'] && !argv['no-export-job']) {
    // The same export as a job (what a shop gets above EXPORT_DIRECT_MAX_ROWS): the in-process job writes the file into
    // stored chunks, then the file is fetched; RSS sampled over both.
    const rss = rssSampler(wxmall.pid, 100);
    rss.mark('exportJob');
    const started = performance.now();
    const res = await fetch(`${wxmall.url}/api/v1/admin/exports/orders?mode=job`, { headers });
    if (res.status !== 202) throw new Error(`export job: ${res.status} ${await res.text()}`);
    let view = await res.json();
    while (view.status !== 'ready') {
      if (view.status === 'failed') throw new Error(`export job failed: ${view.lastError}`);
      if (performance.now() - started > 3_600_000) throw new Error('export job: not ready after an hour');
      await sleep(1000);
      view = await (await fetch(`${wxmall.url}/api/v1/admin/exports/${view.id}`, { headers })).json();
    }
    const written = (performance.now() - started) / 1000;
    const file = await fetch(`${wxmall.url}/api/v1/admin/exports/${view.id}/file`, { headers });
    if (file.status !== 200) throw new Error(`export file: ${file.status} ${await file.text()}`);
    let bytes = 0;
    for await (const chunk of file.body) bytes += chunk.length;
    const seconds = (performance.now() - started) / 1000;
    const peaks = rss.stop();
    results.scenarios.exportOrdersJob = {
      rows: view.rowCount,
      bytes,
      writtenSeconds: written,
      seconds,
      peakRssMb: Math.round((peaks.perScenarioBytes.exportJob ?? 0) / 1048576),
    };
    log(
      `export job: ${view.rowCount} rows written in ${written.toFixed(1)} s, ${(bytes / 1048576).toFixed(1)} MB fetched, ` +
        `${seconds.toFixed(1)} s in all, peak RSS ${results.scenarios.exportOrdersJob.peakRssMb} MB`,
    );
  }

  const s = results.scenarios;
  const rows = [
    ...['dashboard', 'yearDailyReport', 'yearMonthlyReport', 'yearProductReport'].map((k) => [
      `${k}: p99 ms, ${opts.admins} admins (1 admin); req/s; CPU ms per request wxmall / database; load`,
      `${s[k].p99} (${s[k].oneAdmin.p99}); ${Math.round(s[k].rps)}; ${s[k].cpuMsPerRequest.wxmall} / ${s[k].cpuMsPerRequest.database}; ${s[k].load.join(' -> ')}`,
      k === 'dashboard' ? `< ${TARGETS.dashboardP99}` : k === 'yearDailyReport' ? `< ${TARGETS.yearReportP99}` : '',
    ]),
    ...(s.exportOrders ? [['orders export peak RSS (MB)', s.exportOrders.peakRssMb, `< ${TARGETS.exportRssMb}`]] : []),
    ...(s.exportOrdersJob ? [['orders export as a job, peak RSS (MB)', s.exportOrdersJob.peakRssMb, `< ${TARGETS.exportRssMb}`]] : []),
  ];
  const md = [
    `# Reports benchmark (${new Date().toISOString()})`,
    '',
    `${counts.orders} orders, ${counts.items} lines, ${counts.refunds} refunds, ${counts.users} shoppers; ${opts.admins} concurrent admins, ${opts.duration} s per scenario.`,
    '',
    '| measure | value | target |',
    '| --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/reports-latest.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(ROOT, 'bench/results/reports-latest.md'), md);
  process.stdout.write(`${md}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`bench:reports failed: ${err.stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
