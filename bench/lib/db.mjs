// The bench database: created if missing, seeded once with the demo generator, and read for test data.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { DATABASE_URL, DB_NAME, DB_SERVER } from './env.mjs';

export const PRODUCTS = 10_000;
export const SKUS_PER_PRODUCT = 3;

const SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/** A connection with wxmall's session settings (UTC, MySQL 8's default sql_mode). */
export async function connect(url = DATABASE_URL) {
  const c = await mysql.createConnection({
    uri: url,
    supportBigNumbers: true,
    bigNumberStrings: false,
    timezone: 'Z',
    multipleStatements: false,
  });
  await c.query(`SET SESSION time_zone = '+00:00', sql_mode = '${SQL_MODE}'`);
  return c;
}

export async function ensureDatabase() {
  const c = await connect(DB_SERVER);
  try {
    await c.query(`CREATE DATABASE IF NOT EXISTS \`${DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await c.end();
  }
}

async function catalogSize(c) {
  try {
    const [[p]] = await c.query('SELECT COUNT(*) AS n FROM product');
    const [[s]] = await c.query('SELECT COUNT(*) AS n FROM sku');
    return { products: Number(p.n), skus: Number(s.n) };
  } catch (err) {
    if (err.code === 'ER_NO_SUCH_TABLE') return { products: 0, skus: 0 };
    throw err;
  }
}

/** Seeds 10,000 products / 30,000 SKUs with the demo generator unless a catalog of that size is there. */
export async function ensureCatalog(root, log) {
  const c = await connect();
  try {
    const before = await catalogSize(c);
    if (before.products >= PRODUCTS && before.skus >= PRODUCTS * SKUS_PER_PRODUCT) {
      log(`catalog present: ${before.products} products, ${before.skus} SKUs (reused)`);
      return { seeded: false, ...before };
    }
    if (before.products > 0) {
      throw new Error(
        `${DB_NAME} holds a partial catalog (${before.products} products, ${before.skus} SKUs); drop the database and run again`,
      );
    }
  } finally {
    await c.end();
  }
  log(`seeding ${PRODUCTS} products x ${SKUS_PER_PRODUCT} SKUs with the demo generator...`);
  const script = join(root, 'dist/libs/catalog/src/demo/seed-demo.js');
  const args = [script, '--products', String(PRODUCTS), '--skus-per-product', String(SKUS_PER_PRODUCT), '--seed', '42'];
  const out = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.stderr.on('data', (d) => (text += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`seed-demo exited with ${code}:\n${text}`))));
  });
  log(`seeded: ${out.trim()}`);
  return { seeded: true };
}

export async function serverVersion() {
  const c = await connect(DB_SERVER);
  try {
    const [[r]] = await c.query('SELECT VERSION() AS v');
    return String(r.v);
  } finally {
    await c.end();
  }
}
