// Shared by run.mjs and sql-parity.mjs: build, database, keys, the two servers, and test data
// created through wxmall's API (both servers share the database).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, ensureCatalog, ensureDatabase } from './db.mjs';
import { APPID, generatePayKeys, productionEnv, startFakeWechatPay } from './env.mjs';
import { freePort, onCleanup, startServer } from './procs.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WXMALL_MAIN = join(ROOT, 'dist/apps/api/src/start.js');
export const FLOOR_MAIN = join(ROOT, 'bench/floor/server.mjs');

export const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

export function runBuild() {
  return new Promise((resolve, reject) => {
    log('npm run build...');
    const child = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (${code}):\n${out}`))));
  });
}

/**
 * Database + catalog + keys + fake WeChat Pay + both servers (each with its own port and pool). `env`: more variables
 * for wxmall; `beforeFloor({ wxmall, wEnv })`: shop setup through wxmall before the floor starts (bench/lib/shop-setup.mjs),
 * its answer is the context's `shop`.
 */
export async function startBench({ build = true, env = {}, beforeFloor } = {}) {
  if (build) await runBuild();
  if (!existsSync(WXMALL_MAIN)) throw new Error(`${WXMALL_MAIN} is missing: run npm run build`);
  await ensureDatabase();
  const keys = generatePayKeys();
  const pay = await startFakeWechatPay();
  onCleanup(pay.close);
  // wxmall boots first: it runs the migrations the seed and the floor rely on.
  const wPort = await freePort();
  const wEnv = { ...productionEnv({ port: wPort, keys, payBaseUrl: pay.url }), ...env };
  // BENCH_WXMALL_NODE_ARGS: extra node flags for wxmall only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (the profile
  // is written when the runner stops wxmall with SIGTERM at the end).
  const nodeArgs = process.env.BENCH_WXMALL_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const wxmall = await startServer({ name: 'wxmall', script: WXMALL_MAIN, env: wEnv, port: wPort, cwd: ROOT, nodeArgs });
  log(`wxmall ready on ${wxmall.url} (pid ${wxmall.pid})`);
  await ensureCatalog(ROOT, log);
  const shop = await beforeFloor?.({ wxmall, wEnv });
  const fPort = await freePort();
  const fEnv = { ...wEnv, PORT: String(fPort) };
  const floor = await startServer({ name: 'floor', script: FLOOR_MAIN, env: fEnv, port: fPort, cwd: ROOT });
  log(`floor ready on ${floor.url} (pid ${floor.pid})`);
  const db = await connect();
  onCleanup(() => db.end());
  return { keys, pay, wxmall, floor, db, wEnv, shop };
}

export function gatewayHeaders(openid, json = true) {
  const h = { 'x-wx-openid': openid, 'x-wx-appid': APPID, 'x-wx-source': 'wx_client' };
  if (json) h['content-type'] = 'application/json';
  return h;
}

export async function call(base, method, path, { headers = {}, body } = {}) {
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = text;
  }
  return { status: res.status, data, headers: res.headers };
}

/** Runs `fn` over items with at most `n` in flight. */
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

export const runTag = () => randomBytes(4).toString('hex');

/** Buyers with one address each, created through wxmall (gateway headers). */
export async function createBuyers(wxmall, prefix, count) {
  const openids = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
  const addresses = await pool(openids, 16, async (openid) => {
    const r = await call(wxmall.url, 'POST', '/api/v1/addresses', {
      headers: gatewayHeaders(openid),
      body: {
        receiverName: '压测用户',
        phone: '13800138000',
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: '科技园路1号',
        isDefault: true,
      },
    });
    if (r.status !== 201) throw new Error(`POST /addresses for ${openid}: ${r.status} ${JSON.stringify(r.data)}`);
    return r.data.id;
  });
  return openids.map((openid, i) => ({ openid, addressId: addresses[i] }));
}

/** Sets a SKU's stock through the ledger: update + an 'adjust' movement, so stock == SUM(delta) holds. */
export async function setStock(db, skuId, stock) {
  await db.query('START TRANSACTION');
  try {
    const [[row]] = await db.query('SELECT stock FROM sku WHERE id = ? FOR UPDATE', [skuId]);
    const delta = stock - Number(row.stock);
    if (delta !== 0) {
      await db.query('UPDATE sku SET stock = ? WHERE id = ?', [stock, skuId]);
      await db.query(
        "INSERT INTO stock_movement (sku_id, delta, reason, ref_type, ref_id, admin_id, note, created_at, stock_after) VALUES (?, ?, 'adjust', NULL, NULL, NULL, 'bench: set stock', UTC_TIMESTAMP(3), ?)",
        [skuId, delta, stock],
      );
    }
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

export async function ledger(db, skuId) {
  const [[r]] = await db.query(
    'SELECT s.stock AS stock, (SELECT COALESCE(SUM(delta), 0) FROM stock_movement m WHERE m.sku_id = s.id) AS ledger FROM sku s WHERE s.id = ?',
    [skuId],
  );
  return { stock: Number(r.stock), ledger: Number(r.ledger), consistent: Number(r.stock) === Number(r.ledger) && Number(r.stock) >= 0 };
}

/** A SKU to hammer: enabled, on-sale product, price under the free-shipping threshold. */
export async function pickSku(db, offset = 0) {
  const [[r]] = await db.query(
    "SELECT s.id AS id, s.product_id AS productId FROM sku s JOIN product p ON p.id = s.product_id WHERE s.status = 'enabled' AND p.status = 'on_sale' AND p.deleted_at IS NULL ORDER BY s.id LIMIT 1 OFFSET ?",
    [offset],
  );
  if (!r) throw new Error('no enabled SKU of an on-sale product in the bench catalog');
  return Number(r.id);
}
