#!/usr/bin/env node
// SQL parity: sends the same requests to wxmall and to the floor and compares the statements each
// process ran, read from MariaDB's general log (log_output=TABLE; settings restored afterwards).
// Statements are normalized (whitespace collapsed, backticks dropped, string and number literals
// -> ?) and compared as exact text in order; transaction control statements count. Exits 1 on a
// mismatch. Run alone: node bench/sql-parity.mjs [--no-build] [--no-distribution] [--no-webhooks]   (also run by
// npm run bench; the shop it runs against: bench/lib/shop-setup.mjs).
import { pathToFileURL } from 'node:url';
import { cleanup, installExitHandlers, sleep } from './lib/procs.mjs';
import { enableGeneralLog, logClock, statementsSince, threadsOf } from './lib/sqllog.mjs';
import { call, gatewayHeaders, log, pickSku, runTag, setStock, startBench } from './lib/setup.mjs';
import { APPID } from './lib/env.mjs';
import { couponTemplate, issueCoupons, userIds } from './lib/coupons.mjs';
import { signedNotification, transactionEvent } from './lib/wxpay.mjs';
import { onCleanup } from './lib/procs.mjs';
import { shopFeatures, shopSetup } from './lib/shop-setup.mjs';

const CATALOG_VERSION_READ = 'SELECT id, version FROM catalog_version';
// wxmall's shop settings timer (settings.service.ts refresh, every SETTINGS_REFRESH_MS): its version check lands in
// whichever route's window it falls.
const SHOP_SETTINGS_VERSION_READ =
  'SELECT ShopSettingsRow.id AS ShopSettingsRow_id, ShopSettingsRow.version AS ShopSettingsRow_version FROM shop_settings ShopSettingsRow WHERE ((ShopSettingsRow.id = ?)) LIMIT ?';
// The distribution settings on the payment path (distribution-settings.service.ts recent), read at most every
// SETTINGS_REFRESH_MS by both servers: whether a given notification reads them depends on when the last one did.
const DISTRIBUTION_SETTINGS_READ =
  'SELECT DistributionSettingsRow.id AS DistributionSettingsRow_id, DistributionSettingsRow.document AS DistributionSettingsRow_document, DistributionSettingsRow.version AS DistributionSettingsRow_version, DistributionSettingsRow.updated_at AS DistributionSettingsRow_updated_at FROM distribution_settings DistributionSettingsRow WHERE ((DistributionSettingsRow.id = ?)) LIMIT ?';
// The webhook subscriptions cache (libs/webhooks webhook-subscriptions.ts; the floor keeps the same): refreshed in the
// background once older than WEBHOOK_SUBSCRIPTIONS_CACHE_MS, in whichever route's window that falls.
const WEBHOOK_SUBSCRIPTIONS_READ = 'SELECT id, event_types AS eventTypes FROM webhook_endpoint WHERE enabled = ?';
// A connection the pool opens in the window (a background cache refresh, or the window's first request of a cold pool)
// sets its session first (the floor as libs/database's sessionSql).
const NEW_CONNECTION_SESSION = 'SET SESSION time_zone = ?, sql_mode = ?';
const BOTH_SIDES_BOOKKEEPING = new Set([DISTRIBUTION_SETTINGS_READ, WEBHOOK_SUBSCRIPTIONS_READ, NEW_CONNECTION_SESSION]);
// wxmall's live product pages (libs/catalog live-stock.ts): a stock poll every CATALOG_CACHE_CHECK_MS, on a timer
// or awaited by a product page request that is due.
const STOCK_POLL = ['SELECT MAX(id) AS id FROM stock_movement', 'SELECT id, sku_id AS skuId FROM stock_movement WHERE id > ? ORDER BY id'];
const LIVE_SKUS_READ =
  /^SELECT s\.id AS id, s\.product_id AS productId, s\.stock AS stock, s\.sales_count AS salesCount, p\.sales_count AS productSales FROM sku s INNER JOIN product p ON p\.id = s\.product_id WHERE s\.id IN \(/;
const BOOKKEEPING = new Set([CATALOG_VERSION_READ, SHOP_SETTINGS_VERSION_READ, ...STOCK_POLL]);

export function normalize(sql) {
  return sql
    .replace(/'(?:[^'\\]|\\.|'')*'/g, '?')
    .replace(/`/g, '')
    .replace(/(?<![\w.])-?\d+(?:\.\d+)?(?![\w])/g, '?')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A coarse description of a statement, printed beside a mismatch. */
export function shape(sql) {
  const n = normalize(sql);
  const verb = (/^\w+/.exec(n)?.[0] ?? '').toUpperCase();
  const tables = [...n.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE)\s+(\w+)/gi)].map((m) => m[1]);
  const where = /\bWHERE\b(.*?)(?:\bORDER BY\b|\bLIMIT\b|\bFOR UPDATE\b|\bRETURNING\b|$)/i.exec(n)?.[1] ?? '';
  const whereCols = [...new Set([...where.matchAll(/(\w+)\s*(?:=|>=|<=|<>|>|<|\bIN\b|\bIS\b|\bLIKE\b)/gi)].map((m) => m[1]))].sort();
  const lock = /FOR UPDATE/i.test(n) ? 'FOR UPDATE' : /LOCK IN SHARE MODE|FOR SHARE/i.test(n) ? 'FOR SHARE' : '';
  return `${verb} ${[...new Set(tables)].join(',')} where(${whereCols.join(',')}) ${lock}`.trim();
}

/** Statements grouped per thread into transactions; used to accept reordering of concurrent reads only. */
function transactions(stmts) {
  const out = [];
  const open = new Map();
  for (const s of stmts) {
    const n = s.norm;
    const cur = open.get(s.thread);
    if (/^SET TRANSACTION/i.test(n) || /^START TRANSACTION/i.test(n)) {
      if (cur) cur.push(n);
      else open.set(s.thread, [n]);
    } else if (cur) {
      cur.push(n);
      if (/^(COMMIT|ROLLBACK)$/i.test(n)) {
        out.push(cur.join(' ; '));
        open.delete(s.thread);
      }
    }
  }
  return out;
}

export function compare(w, f) {
  const a = w.map((s) => s.norm);
  const b = f.map((s) => s.norm);
  if (a.length === b.length && a.every((x, i) => x === b[i])) return { ok: true, note: 'identical (normalized text, same order)' };
  const sorted = (x) => [...x].sort().join('\n');
  const ta = transactions(w);
  const tb = transactions(f);
  if (sorted(a) === sorted(b) && ta.length === tb.length && ta.every((t, i) => t === tb[i]))
    return { ok: true, note: 'same statements; transactions identical; order of concurrent non-transactional reads differs' };
  return { ok: false, note: 'MISMATCH' };
}

function printDiff(name, w, f) {
  const max = Math.max(w.length, f.length);
  const lines = [];
  for (let i = 0; i < max; i++) {
    const a = w[i]?.norm;
    const b = f[i]?.norm;
    if (a === b) lines.push(`    = ${a.slice(0, 160)}`);
    else {
      lines.push(`    - wxmall: ${a ?? '(none)'}`);
      lines.push(`      shape:  ${a ? shape(a) : ''}`);
      lines.push(`    + floor:  ${b ?? '(none)'}`);
      lines.push(`      shape:  ${b ? shape(b) : ''}`);
    }
  }
  process.stdout.write(`  ${name}:\n${lines.join('\n')}\n`);
}

/** Requests of each route, built per server (each server gets its own fresh users and orders). */
async function scenarios(ctx) {
  const { db, wxmall, keys } = ctx;
  const tag = runTag();
  const [[top]] = await db.query('SELECT id FROM category WHERE parent_id IS NULL ORDER BY id LIMIT 1');
  const [[leaf]] = await db.query('SELECT id FROM category WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1');
  const [[product]] = await db.query("SELECT id FROM product WHERE status = 'on_sale' AND deleted_at IS NULL ORDER BY id LIMIT 1 OFFSET 7");
  const [cartSkus] = await db.query(
    "SELECT s.id FROM sku s JOIN product p ON p.id = s.product_id WHERE s.status = 'enabled' AND s.stock >= 50 AND p.status = 'on_sale' AND p.deleted_at IS NULL ORDER BY s.id LIMIT 2",
  );
  const orderSku = await pickSku(db, 3);
  // Enough stock for the orders below whatever earlier runs took (through the ledger).
  await setStock(db, orderSku, 1000);
  const [[lowSku]] = await db.query("SELECT id FROM sku WHERE status = 'enabled' AND stock < 999 ORDER BY id LIMIT 1");

  // Per server: a buyer with an address (created through wxmall, outside the captured window).
  async function buyer(label) {
    const openid = `parity-${tag}-${label}`;
    const r = await call(wxmall.url, 'POST', '/api/v1/addresses', {
      headers: gatewayHeaders(openid),
      body: { receiverName: '校验', phone: '13800138000', province: '广东省', city: '深圳市', district: '南山区', detail: '1号' },
    });
    if (r.status !== 201) throw new Error(`parity setup: POST /addresses ${r.status} ${JSON.stringify(r.data)}`);
    return { openid, addressId: r.data.id };
  }
  async function payableOrder(b) {
    const r = await call(wxmall.url, 'POST', '/api/v1/orders', {
      headers: { ...gatewayHeaders(b.openid), 'idempotency-key': `parity-${runTag()}${runTag()}` },
      body: { items: [{ skuId: orderSku, quantity: 1 }], addressId: b.addressId },
    });
    if (r.status !== 201) throw new Error(`parity setup: POST /orders ${r.status} ${JSON.stringify(r.data)}`);
    const p = await call(wxmall.url, 'POST', `/api/v1/orders/${r.data.id}/pay`, { headers: gatewayHeaders(b.openid, false) });
    if (p.status !== 200) throw new Error(`parity setup: POST /orders/:id/pay ${p.status} ${JSON.stringify(p.data)}`);
    return r.data;
  }

  // A product with reviews (its summary row), and coupons for the orders below (two per buyer).
  await db.query(
    'INSERT IGNORE INTO product_review_summary (product_id, review_count, rating_sum, stars1, stars2, stars3, stars4, stars5, with_images) VALUES (?, 3, 12, 0, 0, 1, 1, 1, 1)',
    [product.id],
  );
  const template = await couponTemplate(db, `parity-${tag}`);
  const per = {};
  for (const side of ['wxmall', 'floor']) {
    const b = await buyer(side);
    await ctx.shop?.bind([b]); // bound to a promoter with a level-2 parent: the payment writes both commissions
    const [user] = await userIds(db, [b.openid]);
    [b.coupons] = await issueCoupons(db, template, [user], [2]);
    const order = await payableOrder(b);
    const event = transactionEvent({
      appid: APPID,
      mchId: keys.mchId,
      outTradeNo: order.orderNo,
      amount: order.payAmount,
      openid: b.openid,
    });
    per[side] = { buyer: b, order, event, newUser: `parity-${tag}-new-${side}` };
  }
  const json = (openid, body, extra = {}) => ({ headers: { ...gatewayHeaders(openid), ...extra }, body });
  // Warm the identity cache of each server for its buyer (the guard resolves identity before validation).
  const warm = (side) => ({ method: 'POST', path: '/api/v1/cart/items', ...json(per[side].buyer.openid, {}), warm: true });
  return [
    { route: 'GET /healthz', steps: () => [{ method: 'GET', path: '/healthz' }] },
    {
      route: 'GET /api/v1/products',
      steps: () => [
        { method: 'GET', path: `/api/v1/products?categoryId=${top.id}&sort=sales&page=2&pageSize=20` },
        { method: 'GET', path: `/api/v1/products?categoryId=${leaf.id}&sort=sales&page=1&pageSize=20` },
        // A cold deep page (its ids first, then the rows: DEFERRED_JOIN_FROM_OFFSET).
        { method: 'GET', path: `/api/v1/products?sort=price_asc&page=8&pageSize=20` },
      ],
    },
    { route: 'GET /api/v1/products/:id', steps: () => [{ method: 'GET', path: `/api/v1/products/${product.id}` }] },
    {
      route: 'GET /api/v1/products/:id/reviews/summary',
      steps: () => [
        { method: 'GET', path: `/api/v1/products/${product.id}/reviews/summary` },
        { method: 'GET', path: '/api/v1/products/2147483000/reviews/summary' },
      ],
    },
    {
      route: 'POST /api/v1/cart/items',
      steps: (side) => [
        // first sight of a user (find-or-create), then a new line, then a merge into that line
        { method: 'POST', path: '/api/v1/cart/items', ...json(per[side].newUser, { skuId: cartSkus[0].id, quantity: 1 }) },
        { method: 'POST', path: '/api/v1/cart/items', ...json(per[side].newUser, { skuId: cartSkus[1].id, quantity: 1 }) },
        { method: 'POST', path: '/api/v1/cart/items', ...json(per[side].newUser, { skuId: cartSkus[1].id, quantity: 1 }) },
      ],
    },
    {
      route: 'POST /api/v1/orders',
      before: (side) => [warm(side)],
      steps: (side) => [
        {
          method: 'POST',
          path: '/api/v1/orders',
          ...json(
            per[side].buyer.openid,
            { items: [{ skuId: orderSku, quantity: 1 }], addressId: per[side].buyer.addressId, couponId: per[side].buyer.coupons[0] },
            { 'idempotency-key': `parity-${side}-${tag}-ok` },
          ),
        },
        {
          method: 'POST',
          path: '/api/v1/orders',
          ...json(
            per[side].buyer.openid,
            {
              items: [{ skuId: Number(lowSku.id), quantity: 999 }],
              addressId: per[side].buyer.addressId,
              couponId: per[side].buyer.coupons[1],
            },
            { 'idempotency-key': `parity-${side}-${tag}-oos` },
          ),
        },
      ],
    },
    {
      route: 'POST /api/v1/payments/wechat/notify',
      steps: (side) => {
        const n = signedNotification(per[side].event, keys);
        // the notification, then the same event redelivered
        return [
          { method: 'POST', path: '/api/v1/payments/wechat/notify', headers: n.headers, rawBody: n.body },
          { method: 'POST', path: '/api/v1/payments/wechat/notify', headers: n.headers, rawBody: n.body },
        ];
      },
    },
  ];
}

async function send(base, step) {
  const res = await fetch(base + step.path, {
    method: step.method,
    headers: step.headers,
    body: step.rawBody ?? (step.body === undefined ? undefined : JSON.stringify(step.body)),
  });
  const text = await res.text();
  return { status: res.status, text };
}

/** Strips values that differ by design (ids, times, numbers) to compare response shapes and statuses. */
function bodyShape(text) {
  if (!text) return '';
  try {
    return JSON.stringify(JSON.parse(text), (k, v) => (k === 'requestId' ? '?' : v))
      .replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')
      .replace(/\d+/g, '0');
  } catch {
    return text;
  }
}

/** Runs every route against both servers; returns { ok, routes: [{ route, ok, note, ... }] }. */
export async function checkParity(ctx) {
  const { db, wxmall, floor } = ctx;
  const restore = await enableGeneralLog(db);
  let restored = false;
  const restoreOnce = async () => {
    if (restored) return;
    restored = true;
    await restore();
  };
  onCleanup(restoreOnce);
  const results = [];
  try {
    const list = await scenarios(ctx);
    for (const sc of list) {
      const captured = {};
      const answers = {};
      for (const [side, server] of [
        ['wxmall', wxmall],
        ['floor', floor],
      ]) {
        for (const step of sc.before?.(side) ?? []) await send(server.url, step);
        await sleep(30);
        const since = await logClock(db);
        answers[side] = [];
        for (const step of sc.steps(side)) answers[side].push(await send(server.url, step));
        await sleep(100);
        const threads = await threadsOf(db, server.pid);
        // wxmall's read cache checks the catalog version (at most every 500 ms) and its settings timer the shop settings'
        // version: bookkeeping of caches, not of the route.
        captured[side] = (await statementsSince(db, since, threads))
          .map((s) => ({ ...s, norm: normalize(s.sql) }))
          .filter(
            (s) => !BOTH_SIDES_BOOKKEEPING.has(s.norm) && (side !== 'wxmall' || !(BOOKKEEPING.has(s.norm) || LIVE_SKUS_READ.test(s.norm))),
          );
      }
      const sql = compare(captured.wxmall, captured.floor);
      const statusW = answers.wxmall.map((a) => a.status).join(',');
      const statusF = answers.floor.map((a) => a.status).join(',');
      const bodiesOk = answers.wxmall.every((a, i) => bodyShape(a.text) === bodyShape(answers.floor[i]?.text));
      const ok = sql.ok && statusW === statusF && bodiesOk;
      results.push({
        route: sc.route,
        ok,
        sql: sql.note,
        statements: { wxmall: captured.wxmall.length, floor: captured.floor.length },
        statuses: { wxmall: statusW, floor: statusF },
        responses: bodiesOk ? 'same JSON shape' : 'JSON differs',
      });
      process.stdout.write(
        `${ok ? 'ok  ' : 'FAIL'} ${sc.route}: ${captured.wxmall.length}/${captured.floor.length} statements, ${sql.note}; statuses ${statusW} | ${statusF}; ${bodiesOk ? 'same JSON shape' : 'JSON DIFFERS'}\n`,
      );
      if (!sql.ok || process.env.PARITY_VERBOSE) printDiff(sc.route, captured.wxmall, captured.floor);
      if (!bodiesOk) {
        answers.wxmall.forEach((a, i) => {
          if (bodyShape(a.text) !== bodyShape(answers.floor[i]?.text))
            process.stdout.write(`    wxmall: ${a.text.slice(0, 600)}\n    floor:  ${answers.floor[i]?.text.slice(0, 600)}\n`);
        });
      }
    }
  } finally {
    await restoreOnce();
  }
  return { ok: results.every((r) => r.ok), method: 'normalized exact text, in order (transaction control included)', routes: results };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  installExitHandlers();
  let code = 1;
  try {
    const setup = shopSetup(shopFeatures(), { promoters: 1 });
    const ctx = await startBench({ build: !process.argv.includes('--no-build'), env: setup.wxmallEnv, beforeFloor: setup.configure });
    const res = await checkParity(ctx);
    log(res.ok ? 'SQL parity: every route matches' : 'SQL parity: MISMATCH (see above)');
    code = res.ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`sql-parity failed: ${err?.stack ?? err}\n`);
  }
  await cleanup();
  process.exit(code);
}
