#!/usr/bin/env node
// The floor: a bare Fastify + mysql2 server answering the benchmarked routes with the same SQL
// statements wxmall runs (same text as far as practical, same order, same transactions, isolation
// level and locking reads) and the same JSON, with no framework, ORM, validation library or
// logging around it. What is left between wxmall and the floor is the framework's cost.
//
// The SQL of each route lives in one labelled block below (SQL_* constants). When wxmall's SQL
// changes, change it here too: `node bench/sql-parity.mjs` compares the two and fails on a mismatch.
//
// Same env as wxmall: PORT, HOST, DATABASE_URL, DB_POOL_SIZE, WX_APPID, WX_GATEWAY_TRUST,
// WXPAY_MCHID, WXPAY_APIV3_KEY, WXPAY_PUBLIC_KEYS, ORDER_PAY_MINUTES, SHIPPING_FEE, FREE_SHIPPING_THRESHOLD.
import { createDecipheriv, createHash, createPublicKey, randomInt, randomUUID, verify as verifySignature } from 'node:crypto';
import Fastify from 'fastify';
import mysql from 'mysql2/promise';

const env = process.env;
const config = {
  port: Number(env.PORT ?? 3000),
  host: env.HOST ?? '0.0.0.0',
  appId: env.WX_APPID ?? 'wx0000000000000000',
  gatewayTrust: ['true', '1', 'yes', 'on'].includes(String(env.WX_GATEWAY_TRUST ?? '').toLowerCase()),
  mchId: env.WXPAY_MCHID ?? '',
  apiV3Key: Buffer.from(env.WXPAY_APIV3_KEY ?? '', 'utf8'),
  publicKeys: new Map(
    Object.entries(JSON.parse(env.WXPAY_PUBLIC_KEYS || '{}')).map(([serial, pem]) => [
      serial.toUpperCase(),
      createPublicKey(String(pem).replace(/\\n/g, '\n')),
    ]),
  ),
  orderPayMinutes: Number(env.ORDER_PAY_MINUTES ?? 30),
  shippingFee: Number(env.SHIPPING_FEE ?? 1000),
  freeShippingThreshold: Number(env.FREE_SHIPPING_THRESHOLD ?? 9900),
  allowFreeOrders: ['true', '1', 'yes', 'on'].includes(String(env.ALLOW_FREE_ORDERS ?? '').toLowerCase()),
};
if (!env.DATABASE_URL) throw new Error('DATABASE_URL is required');

// Same driver settings as wxmall's TypeORM data source (libs/database/src/data-source-options.ts).
const pool = mysql.createPool({
  uri: env.DATABASE_URL.replace(/^mariadb:/, 'mysql:'),
  connectionLimit: Number(env.DB_POOL_SIZE ?? 10),
  charset: 'utf8mb4_unicode_ci',
  timezone: 'Z',
  supportBigNumbers: true,
  bigNumberStrings: false,
  decimalNumbers: true,
  enableKeepAlive: true,
  connectTimeout: 10_000,
});
// wxmall's session settings on each new connection: UTC and MySQL 8's sql_mode (sessionSql in
// libs/database/src/data-source-options.ts; DB_SQL_MODE).
const SQL_MODE = (
  env.DB_SQL_MODE ?? 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'
)
  .replace(/\s+/g, '')
  .toUpperCase();
const SQL_SESSION = `SET SESSION time_zone = '+00:00'${SQL_MODE === 'SERVER' ? '' : `, sql_mode = '${SQL_MODE}'`}`;
pool.pool.on('connection', (conn) => conn.query(SQL_SESSION, (err) => err && conn.destroy()));

// ---------------------------------------------------------------------------------------------
// Errors: wxmall's body { code, message, details?, requestId }.
class HttpError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
const notFound = (what) => new HttpError(404, 'NOT_FOUND', `${what} not found`);
const badRequest = (message) => new HttpError(400, 'BAD_REQUEST', message);
const isDuplicateKey = (err) => err?.errno === 1062 || err?.code === 'ER_DUP_ENTRY';
const isRetryable = (err) => err?.errno === 1213 || err?.errno === 1205;

// ---------------------------------------------------------------------------------------------
// Transactions: libs/database/src/transaction-runner.ts (READ COMMITTED, 3 retries on deadlock / lock wait).
const SQL_TX = {
  isolation: 'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
  start: 'START TRANSACTION',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
};

async function transaction(work, retries = 3) {
  for (let attempt = 0; ; attempt++) {
    const conn = await pool.getConnection();
    try {
      await conn.query(SQL_TX.isolation);
      await conn.query(SQL_TX.start);
      let result;
      try {
        result = await work(conn);
        await conn.query(SQL_TX.commit);
      } catch (err) {
        await conn.query(SQL_TX.rollback);
        throw err;
      }
      return result;
    } catch (err) {
      if (attempt >= retries || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    } finally {
      conn.release();
    }
  }
}

const rows = async (db, sql, params) => (await db.query(sql, params))[0];
const one = async (db, sql, params) => (await rows(db, sql, params))[0];
const inList = (n) => Array.from({ length: n }, () => '?').join(', ');
const json = (v) => (v === null || v === undefined ? v : JSON.parse(v));

// ---------------------------------------------------------------------------------------------
// Identity (libs/auth/src/identity.resolver.ts, users.service.ts): gateway headers, find-or-create
// of the user row, with the same 30 s per-instance cache.
const SQL_IDENTITY = {
  findUser:
    'SELECT id, openid, status, unionid, (last_seen_at IS NULL OR last_seen_at < ?) AS stale FROM `user` WHERE appid = ? AND openid = ? LIMIT 1',
  insertUser: 'INSERT INTO `user` (appid, openid, unionid, last_seen_at, created_at) VALUES (?, ?, ?, ?, ?)',
  touchUser: 'UPDATE `user` SET last_seen_at = ? WHERE id = ?',
  touchUserUnionid: 'UPDATE `user` SET last_seen_at = ?, unionid = ? WHERE id = ?',
  lockUser: 'SELECT id FROM `user` WHERE id = ? FOR UPDATE',
  // routes that buy ask the database, not the cache (users.service.ts assertActiveNow)
  userById: 'SELECT id, appid, openid, status FROM `user` WHERE id = ?',
};

const userCache = new Map();
const USER_CACHE_MS = 30_000;
const USER_CACHE_MAX = 50_000;

function header(req, name) {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() !== '' ? s.trim() : undefined;
}

async function shopper(req) {
  if (config.gatewayTrust && header(req, 'authorization') === undefined) {
    const direct = header(req, 'x-wx-openid');
    const openid = direct ?? header(req, 'x-wx-from-openid');
    if (openid !== undefined) {
      if (header(req, 'x-wx-source') === undefined)
        throw new HttpError(401, 'UNAUTHENTICATED', 'x-wx-source header missing: the request did not come through the WeChat gateway');
      const appid = direct ? header(req, 'x-wx-appid') : header(req, 'x-wx-from-appid');
      if (appid !== config.appId) throw new HttpError(401, 'GATEWAY_APPID_MISMATCH', 'x-wx-appid names another mini program');
      const unionid = direct ? header(req, 'x-wx-unionid') : (header(req, 'x-wx-from-unionid') ?? header(req, 'x-wx-unionid'));
      return findOrCreateUser(appid, openid.slice(0, 64), unionid?.slice(0, 64));
    }
  }
  // Bearer tokens are not part of the benchmark.
  throw new HttpError(401, 'UNAUTHENTICATED', 'Log in first');
}

async function findOrCreateUser(appid, openid, unionid) {
  const key = `${appid}:${openid}`;
  const hit = userCache.get(key);
  if (hit && hit.until > Date.now()) return activeUser(hit);
  const now = new Date();
  const find = () => one(pool, SQL_IDENTITY.findUser, [new Date(now.getTime() - 3_600_000), appid, openid]);
  let user = await find();
  if (!user) {
    try {
      await pool.query(SQL_IDENTITY.insertUser, [appid, openid, unionid ?? null, now, now]);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    user = await find();
    if (!user) throw new Error('user vanished after insert');
  } else if ((unionid && user.unionid !== unionid) || Number(user.stale) === 1) {
    if (unionid) await pool.query(SQL_IDENTITY.touchUserUnionid, [now, unionid, user.id]);
    else await pool.query(SQL_IDENTITY.touchUser, [now, user.id]);
  }
  if (userCache.size >= USER_CACHE_MAX) userCache.clear();
  const entry = { id: user.id, openid: user.openid, status: user.status, until: Date.now() + USER_CACHE_MS };
  userCache.set(key, entry);
  return activeUser(entry);
}

/** users.service.ts assertActiveNow (access.guard.ts, routes marked active): one primary-key read, then the cache. */
async function assertActiveNow(userId) {
  const user = await one(pool, SQL_IDENTITY.userById, [userId]);
  if (!user) throw new HttpError(401, 'TOKEN_INVALID', 'Log in again');
  if (user.status !== 'active') throw new HttpError(403, 'USER_DISABLED', 'This account is disabled');
  if (userCache.size >= USER_CACHE_MAX) userCache.clear();
  userCache.set(`${user.appid}:${user.openid}`, {
    id: user.id,
    openid: user.openid,
    status: user.status,
    until: Date.now() + USER_CACHE_MS,
  });
}

function activeUser(u) {
  if (u.status !== 'active') throw new HttpError(403, 'USER_DISABLED', 'This account is disabled');
  return { userId: u.id, openid: u.openid };
}

// ---------------------------------------------------------------------------------------------
// SKU snapshots (libs/catalog/src/catalog.service.ts findSkusForCheckout), shared by cart and checkout.
const SQL_SKU_SNAPSHOTS = (n) =>
  'SELECT `s`.`id` AS skuId, `s`.`product_id` AS productId, `p`.`title` AS title, `s`.`spec_text` AS specText, `s`.`image` AS skuImage, `p`.`main_image` AS mainImage, `s`.`price` AS price, `s`.`line_price` AS linePrice, `s`.`stock` AS stock, `s`.`status` AS skuStatus, `p`.`limit_per_order` AS limitPerOrder, `p`.`limit_per_user` AS limitPerUser, `p`.`status` AS productStatus, `p`.`deleted_at` AS deletedAt, `p`.`category_id` AS categoryId, `c`.`parent_id` AS parentCategoryId FROM `sku` `s` INNER JOIN `product` `p` ON `p`.`id` = `s`.`product_id` LEFT JOIN `category` `c` ON `c`.`id` = `p`.`category_id` WHERE `s`.`id` IN (' +
  inList(n) +
  ')';

async function skuSnapshots(db, skuIds) {
  const out = new Map();
  const ids = [...new Set(skuIds)];
  if (ids.length === 0) return out;
  for (const r of await rows(db, SQL_SKU_SNAPSHOTS(ids.length), ids)) {
    const reason =
      r.deletedAt !== null ? 'deleted' : r.productStatus !== 'on_sale' ? 'off_sale' : r.skuStatus !== 'enabled' ? 'sku_disabled' : null;
    out.set(Number(r.skuId), {
      skuId: Number(r.skuId),
      productId: Number(r.productId),
      title: r.title,
      specText: r.specText,
      image: r.skuImage || r.mainImage,
      price: Number(r.price),
      linePrice: r.linePrice === null ? null : Number(r.linePrice),
      stock: Number(r.stock),
      categoryIds: [r.categoryId, r.parentCategoryId].filter((c) => c !== null).map(Number),
      available: reason === null,
      unavailableReason: reason,
    });
  }
  for (const id of ids) {
    if (!out.has(id)) {
      out.set(id, {
        skuId: id,
        productId: 0,
        title: '',
        specText: '',
        image: '',
        price: 0,
        linePrice: null,
        stock: 0,
        available: false,
        unavailableReason: 'not_found',
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/products (libs/catalog/src/catalog-query.service.ts shopperList).
const SQL_PRODUCT_LIST = {
  categoryWithChildren: 'SELECT id FROM category WHERE id = ? OR parent_id = ?',
  where: "WHERE p.status = 'on_sale' AND p.deleted_at IS NULL",
  count: 'SELECT COUNT(*) AS n FROM product p ',
  page: 'SELECT p.id AS id, p.title AS title, p.main_image AS mainImage, p.min_price AS minPrice, p.max_price AS maxPrice, p.line_price AS linePrice, p.sales_count AS salesCount FROM product p ',
  orderBy: {
    default: 'ORDER BY p.created_at DESC, p.id DESC',
    newest: 'ORDER BY p.created_at DESC, p.id DESC',
    sales: 'ORDER BY p.sales_count DESC, p.id DESC',
    price_asc: 'ORDER BY p.min_price ASC, p.id ASC',
    price_desc: 'ORDER BY p.min_price DESC, p.id DESC',
  },
  limit: 'LIMIT ? OFFSET ?',
  // From DEFERRED_JOIN_FROM_OFFSET rows skipped (catalog.sql.ts), no keyword: the page's ids, then its rows by id.
  deferredFromOffset: 100,
  // Keyword: the LIKE scan wxmall ran before its token index (commit 3c8ae07), kept as the growth run's search floor
  // (bench/growth.mjs): every product's title and subtitle, counted and then paged. Not wxmall's SQL (no parity).
  keyword: " AND (p.title LIKE ? ESCAPE '!' OR p.subtitle LIKE ? ESCAPE '!')",
  // The sort column again: the keyset of the next page (wxmall's nextCursor).
  sortKey: { default: 'created_at', newest: 'created_at', sales: 'sales_count', price_asc: 'min_price', price_desc: 'min_price' },
};

const int = (v, name, min, max) => {
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(String(v)) || Number(v) < min || Number(v) > max) throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  return Number(v);
};

async function listProducts(q) {
  const page = int(q.page, 'page', 1, 100_000) ?? 1;
  const pageSize = int(q.pageSize, 'pageSize', 1, 100) ?? 20;
  const categoryId = int(q.categoryId, 'categoryId', 1, 2 ** 31 - 1);
  const sort = q.sort ?? 'default';
  const orderBy = SQL_PRODUCT_LIST.orderBy[sort];
  if (!orderBy) throw badRequest('sort is not one of default, price_asc, price_desc, sales, newest');
  const keyword = q.keyword === undefined || q.keyword === '' ? undefined : String(q.keyword);
  if (keyword !== undefined && keyword.length > 50) throw badRequest('keyword must be at most 50 characters');
  const offset = (page - 1) * pageSize;
  let where = SQL_PRODUCT_LIST.where;
  const params = [];
  if (categoryId !== undefined) {
    const ids = (await rows(pool, SQL_PRODUCT_LIST.categoryWithChildren, [categoryId, categoryId])).map((r) => Number(r.id));
    if (ids.length === 0) where += ' AND 1 = 0';
    else if (ids.length === 1) {
      where += ' AND p.category_id = ?';
      params.push(ids[0]);
    } else {
      where += ` AND p.category_id IN (${inList(ids.length)})`;
      params.push(...ids);
    }
  }
  if (keyword !== undefined) {
    const pattern = `%${keyword.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    where += SQL_PRODUCT_LIST.keyword;
    params.push(pattern, pattern);
  }
  const total = Number((await one(pool, SQL_PRODUCT_LIST.count + where, params)).n);
  const select = SQL_PRODUCT_LIST.page.replace(' FROM product p ', `, p.${SQL_PRODUCT_LIST.sortKey[sort]} AS sortKey FROM product p `);
  const items =
    total > offset
      ? (
          await rows(
            pool,
            keyword === undefined && offset >= SQL_PRODUCT_LIST.deferredFromOffset
              ? `${select}JOIN (SELECT p.id FROM product p ${where} ${orderBy} ${SQL_PRODUCT_LIST.limit}) d ON d.id = p.id ${orderBy}`
              : `${select}${where} ${orderBy} ${SQL_PRODUCT_LIST.limit}`,
            [...params, pageSize, offset],
          )
        ).map((r) => ({
          id: r.id,
          title: r.title,
          mainImage: r.mainImage,
          minPrice: r.minPrice,
          maxPrice: r.maxPrice,
          linePrice: r.linePrice,
          salesCount: r.salesCount,
          sortKey: r.sortKey instanceof Date ? r.sortKey.toISOString() : Number(r.sortKey),
        }))
      : [];
  // No cache: every total is counted; the cursor as wxmall encodes it (the floor does not read cursors).
  const lastRow = items.length === pageSize ? items[items.length - 1] : undefined;
  const nextCursor = lastRow ? Buffer.from(JSON.stringify([sort, lastRow.sortKey, lastRow.id])).toString('base64url') : null;
  for (const i of items) delete i.sortKey;
  return { items, total, page, pageSize, totalSource: 'counted', nextCursor };
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/products/:id (catalog-query.service.ts shopperDetail): product, specs, enabled SKUs.
const SQL_PRODUCT_DETAIL = {
  product:
    "SELECT id, category_id AS categoryId, title, subtitle, main_image AS mainImage, images, detail_images AS detailImages, min_price AS minPrice, max_price AS maxPrice, line_price AS linePrice, sales_count AS salesCount, limit_per_order AS limitPerOrder, limit_per_user AS limitPerUser FROM product WHERE id = ? AND status = 'on_sale' AND deleted_at IS NULL",
  specs: 'SELECT id, name, `values`, sort FROM product_spec WHERE product_id = ?',
  skus: "SELECT id, spec_values AS specValues, spec_text AS specText, price, line_price AS linePrice, stock, sales_count AS salesCount, image, sort FROM sku WHERE product_id = ? AND status = 'enabled'",
};

const bySort = (a, b) => a.sort - b.sort || a.id - b.id;

async function productDetail(idText) {
  if (!/^\d+$/.test(idText) || Number(idText) < 1 || Number(idText) > 2 ** 31 - 1) throw badRequest('id must be a positive integer');
  const id = Number(idText);
  const p = await one(pool, SQL_PRODUCT_DETAIL.product, [id]);
  if (!p) throw notFound('Product');
  const specs = (await rows(pool, SQL_PRODUCT_DETAIL.specs, [id])).map((s) => ({ ...s, values: json(s.values) }));
  const skus = (await rows(pool, SQL_PRODUCT_DETAIL.skus, [id])).map((s) => ({ ...s, specValues: json(s.specValues) }));
  const list = [...skus].sort(bySort).map((s) => ({
    id: s.id,
    specValues: s.specValues,
    specText: s.specText,
    price: s.price,
    linePrice: s.linePrice,
    stock: s.stock,
    salesCount: s.salesCount,
    image: s.image,
    available: s.stock > 0,
  }));
  return {
    id: p.id,
    title: p.title,
    mainImage: p.mainImage,
    minPrice: p.minPrice,
    maxPrice: p.maxPrice,
    linePrice: p.linePrice,
    salesCount: p.salesCount,
    categoryId: p.categoryId,
    subtitle: p.subtitle,
    images: json(p.images),
    detailImages: json(p.detailImages),
    stock: list.reduce((n, s) => n + s.stock, 0),
    limitPerOrder: p.limitPerOrder,
    limitPerUser: p.limitPerUser,
    specs: [...specs].sort(bySort).map((s) => ({ name: s.name, values: s.values })),
    skus: list,
  };
}

// ---------------------------------------------------------------------------------------------
// GET /api/v1/products/:id/reviews/summary (libs/reviews/src/review-reads.ts summary): one primary-key read.
const SQL_REVIEW_SUMMARY =
  'SELECT product_id AS productId, review_count AS reviewCount, rating_sum AS ratingSum, stars1, stars2, stars3, stars4, stars5, with_images AS withImages FROM product_review_summary WHERE product_id = ?';
const oneDecimal = (n) => Math.round(n * 10) / 10;

async function reviewSummary(idText) {
  if (!/^\d+$/.test(idText) || Number(idText) < 1 || Number(idText) > 2 ** 31 - 1) throw badRequest('id must be a positive integer');
  const productId = Number(idText);
  const s = await one(pool, SQL_REVIEW_SUMMARY, [productId]);
  const stars = s ? [s.stars1, s.stars2, s.stars3, s.stars4, s.stars5] : [0, 0, 0, 0, 0];
  const count = s ? s.reviewCount : 0;
  const good = stars[3] + stars[4];
  return {
    productId,
    count,
    average: count ? oneDecimal(s.ratingSum / count) : 0,
    goodRate: count ? oneDecimal((good * 100) / count) : 0,
    goodCount: good,
    mediumCount: stars[2],
    badCount: stars[0] + stars[1],
    withImagesCount: s ? s.withImages : 0,
    ratingCounts: stars,
  };
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/cart/items (libs/cart/src/cart.service.ts add + view).
const SQL_CART_ADD = {
  lockUser: SQL_IDENTITY.lockUser,
  existing: 'SELECT id, quantity FROM cart_item WHERE user_id = ? AND sku_id = ?',
  update: 'UPDATE cart_item SET quantity = ?, selected = 1, updated_at = ? WHERE id = ?',
  count: 'SELECT COUNT(*) AS n FROM cart_item WHERE user_id = ?',
  insert: 'INSERT INTO cart_item (user_id, sku_id, quantity, selected, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
  view: 'SELECT id, sku_id AS skuId, quantity, selected FROM cart_item WHERE user_id = ? ORDER BY id DESC',
  // + SQL_SKU_SNAPSHOTS before the transaction and after the view's cart read.
};
const MAX_LINE_QUANTITY = 999;
const MAX_CART_LINES = 100;

const isId = (v) => Number.isSafeInteger(v) && v >= 1 && v <= 2 ** 31 - 1;

async function addToCart(userId, body) {
  const skuId = body?.skuId;
  const qty = body?.quantity;
  if (!isId(skuId) || !Number.isInteger(qty) || qty < 1 || qty > MAX_LINE_QUANTITY)
    throw new HttpError(400, 'VALIDATION_FAILED', 'Validation failed');
  const snap = (await skuSnapshots(pool, [skuId])).get(skuId);
  if (snap.unavailableReason === 'not_found') throw notFound('SKU');
  if (!snap.available)
    throw new HttpError(409, 'SKU_UNAVAILABLE', `SKU ${skuId} cannot be bought`, { skuId, reason: snap.unavailableReason });
  await transaction(async (c) => {
    await c.query(SQL_CART_ADD.lockUser, [userId]);
    const existing = await one(c, SQL_CART_ADD.existing, [userId, skuId]);
    const quantity = (existing?.quantity ?? 0) + qty;
    if (quantity > MAX_LINE_QUANTITY) throw new HttpError(409, 'CART_QUANTITY_LIMIT', `At most ${MAX_LINE_QUANTITY} per line`);
    if (quantity > snap.stock) throw new HttpError(409, 'CART_QUANTITY_TOO_HIGH', `Only ${snap.stock} left`, { stock: snap.stock });
    const now = new Date();
    if (existing) {
      await c.query(SQL_CART_ADD.update, [quantity, now, existing.id]);
      return;
    }
    if (Number((await one(c, SQL_CART_ADD.count, [userId])).n) >= MAX_CART_LINES)
      throw new HttpError(409, 'CART_FULL', `The cart holds at most ${MAX_CART_LINES} lines`);
    await c.query(SQL_CART_ADD.insert, [userId, skuId, quantity, now, now]);
  });
  return cartView(userId);
}

async function cartView(userId) {
  const lines = await rows(pool, SQL_CART_ADD.view, [userId]);
  const snapshots = await skuSnapshots(
    pool,
    lines.map((r) => r.skuId),
  );
  const items = [];
  const invalidItems = [];
  for (const row of lines) {
    const snap = snapshots.get(row.skuId);
    const line = {
      id: row.id,
      skuId: row.skuId,
      productId: snap.productId,
      title: snap.title,
      specText: snap.specText,
      image: snap.image,
      price: snap.price,
      linePrice: snap.linePrice,
      quantity: row.quantity,
      stock: snap.stock,
      selected: Boolean(row.selected),
      lineTotal: snap.price * row.quantity,
    };
    const problem = !snap.available
      ? (snap.unavailableReason ?? 'not_found')
      : snap.stock <= 0
        ? 'out_of_stock'
        : snap.stock < row.quantity
          ? 'stock_short'
          : null;
    if (problem) invalidItems.push({ ...line, reason: problem });
    else items.push(line);
  }
  const selected = items.filter((l) => l.selected);
  return {
    items,
    invalidItems,
    totals: {
      selectedCount: selected.length,
      selectedQuantity: selected.reduce((a, l) => a + l.quantity, 0),
      itemsTotal: selected.reduce((a, l) => a + l.lineTotal, 0),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/orders (libs/orders/src/checkout.service.ts create/place, libs/catalog inventory
// reserveStock, orders.service.ts detail).
const SQL_ORDER_CREATE = {
  findByKey: 'SELECT id, request_hash AS requestHash FROM orders WHERE user_id = ? AND idempotency_key = ?',
  address:
    'SELECT id, receiver_name AS receiverName, phone, province, city, district, detail, postal_code AS postalCode, is_default AS isDefault FROM address WHERE id = ? AND user_id = ?',
  // + SQL_SKU_SNAPSHOTS inside the transaction
  insertOrder:
    'INSERT INTO orders (order_no, user_id, status, items_total, shipping_fee, discount_total, delivery_mode, coupon_id, pay_amount, paid_amount, refunded_amount, address, remark, idempotency_key, request_hash, pay_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  insertItems: (n) =>
    'INSERT INTO order_item (order_id, product_id, sku_id, title, spec_text, image, unit_price, quantity, line_total, discount_amount, paid_amount) VALUES ' +
    Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '),
  insertEvent: 'INSERT INTO order_event (order_id, from_status, to_status, actor, actor_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  reserve:
    "UPDATE sku FORCE INDEX (PRIMARY) SET stock = stock - ?, sales_count = sales_count + ?, updated_at = ? WHERE id = ? AND stock >= ? AND status = 'enabled'",
  shortLines: (n) => `SELECT id, stock, status FROM sku WHERE id IN (${inList(n)})`,
  ledger: (n) =>
    `INSERT INTO stock_movement (sku_id, delta, reason, ref_type, ref_id, admin_id, note, created_at, stock_after)
       SELECT id, CASE id ${Array.from({ length: n }, () => 'WHEN ? THEN ?').join(' ')} END, ?, ?, ?, ?, ?, ?, stock FROM sku
       WHERE id IN (${inList(n)}) ORDER BY id`,
  // read before the SKU row lock
  skuProducts: (n) => `SELECT id, product_id AS productId FROM sku WHERE id IN (${inList(n)})`,
  productSales: 'UPDATE product SET sales_count = sales_count + ? WHERE id = ?',
  // a SKU sold out changes the catalog version (wxmall's read caches)
  bumpCatalogVersion: 'UPDATE catalog_version SET version = version + 1 WHERE id = 1',
  insertCatalogVersion: 'INSERT INTO catalog_version (id, version) VALUES (1, 1)',
  // detail (idempotent replays only; a new order is answered from what was written): the order, then items and
  // shipments concurrently
  detailOrder:
    'SELECT `Order`.`id` AS `Order_id`, `Order`.`order_no` AS `Order_order_no`, `Order`.`user_id` AS `Order_user_id`, `Order`.`status` AS `Order_status`, `Order`.`items_total` AS `Order_items_total`, `Order`.`shipping_fee` AS `Order_shipping_fee`, `Order`.`discount_total` AS `Order_discount_total`, `Order`.`delivery_mode` AS `Order_delivery_mode`, `Order`.`coupon_id` AS `Order_coupon_id`, `Order`.`pay_amount` AS `Order_pay_amount`, `Order`.`paid_amount` AS `Order_paid_amount`, `Order`.`refunded_amount` AS `Order_refunded_amount`, `Order`.`address` AS `Order_address`, `Order`.`remark` AS `Order_remark`, `Order`.`idempotency_key` AS `Order_idempotency_key`, `Order`.`request_hash` AS `Order_request_hash`, `Order`.`pay_expires_at` AS `Order_pay_expires_at`, `Order`.`paid_at` AS `Order_paid_at`, `Order`.`shipped_at` AS `Order_shipped_at`, `Order`.`completed_at` AS `Order_completed_at`, `Order`.`cancelled_at` AS `Order_cancelled_at`, `Order`.`cancel_reason` AS `Order_cancel_reason`, `Order`.`closed_at` AS `Order_closed_at`, `Order`.`created_at` AS `Order_created_at`, `Order`.`updated_at` AS `Order_updated_at` FROM `orders` `Order` WHERE ((`Order`.`id` = ?) AND (`Order`.`user_id` = ?)) LIMIT 1',
  detailItems:
    'SELECT `OrderItem`.`id` AS `OrderItem_id`, `OrderItem`.`order_id` AS `OrderItem_order_id`, `OrderItem`.`product_id` AS `OrderItem_product_id`, `OrderItem`.`sku_id` AS `OrderItem_sku_id`, `OrderItem`.`title` AS `OrderItem_title`, `OrderItem`.`spec_text` AS `OrderItem_spec_text`, `OrderItem`.`image` AS `OrderItem_image`, `OrderItem`.`unit_price` AS `OrderItem_unit_price`, `OrderItem`.`quantity` AS `OrderItem_quantity`, `OrderItem`.`line_total` AS `OrderItem_line_total`, `OrderItem`.`discount_amount` AS `OrderItem_discount_amount`, `OrderItem`.`paid_amount` AS `OrderItem_paid_amount`, `OrderItem`.`refunded_quantity` AS `OrderItem_refunded_quantity`, `OrderItem`.`refunded_amount` AS `OrderItem_refunded_amount` FROM `order_item` `OrderItem` WHERE ((`OrderItem`.`order_id` = ?)) ORDER BY `OrderItem`.`id` ASC',
  detailShipments:
    'SELECT `Shipment`.`id` AS `Shipment_id`, `Shipment`.`order_id` AS `Shipment_order_id`, `Shipment`.`express_company` AS `Shipment_express_company`, `Shipment`.`tracking_no` AS `Shipment_tracking_no`, `Shipment`.`items` AS `Shipment_items`, `Shipment`.`shipped_at` AS `Shipment_shipped_at`, `Shipment`.`wechat_uploaded_at` AS `Shipment_wechat_uploaded_at` FROM `shipment` `Shipment` WHERE ((`Shipment`.`order_id` = ?)) ORDER BY `Shipment`.`id` ASC',
};
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_ORDER_LINES = 50;
const MAX_ORDER_FEN = 100_000_000;

function hashRequest(body) {
  const canonical = (v) =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .filter((k) => v[k] !== undefined)
              .map((k) => [k, canonical(v[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(body)))
    .digest('hex');
}

/** Asia/Shanghai time to the millisecond + 8 random digits (libs/common/src/business-no.ts). */
function newBusinessNo(now) {
  const d = new Date(now.getTime() + 8 * 3600_000);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(
    d.getUTCSeconds(),
  )}${p(d.getUTCMilliseconds(), 3)}${p(randomInt(0, 100_000_000), 8)}`;
}

async function createOrder(userId, key, body) {
  if (!key || !IDEMPOTENCY_KEY.test(key))
    throw new HttpError(400, 'VALIDATION_FAILED', 'Validation failed', {
      fields: [{ field: 'Idempotency-Key', errors: ['Idempotency-Key header must be 8-64 characters of [A-Za-z0-9_-]'] }],
    });
  const items = body?.items;
  if (
    !Array.isArray(items) ||
    items.length === 0 ||
    items.length > MAX_ORDER_LINES ||
    !items.every((l) => isId(l?.skuId) && Number.isInteger(l.quantity) && l.quantity >= 1 && l.quantity <= 999) ||
    !isId(body.addressId) ||
    (body.couponId !== undefined && !isId(body.couponId)) ||
    body.fromCart !== undefined
  )
    throw new HttpError(400, 'VALIDATION_FAILED', 'Validation failed (the floor implements items orders only)');
  const dto = {
    items: items.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    addressId: body.addressId,
    remark: body.remark,
    couponId: body.couponId,
  };
  const requestHash = hashRequest(dto);
  const replay = await findByKey(userId, key, requestHash);
  if (replay) return replay;
  try {
    const order = await transaction((c) => placeOrder(c, userId, key, requestHash, dto));
    return { order, replayed: false };
  } catch (err) {
    if (isDuplicateKey(err) && /idempotency/i.test(err.message)) {
      const winner = await findByKey(userId, key, requestHash);
      if (winner) return winner;
    }
    throw err;
  }
}

async function findByKey(userId, key, requestHash) {
  const existing = await one(pool, SQL_ORDER_CREATE.findByKey, [userId, key]);
  if (!existing) return undefined;
  if (existing.requestHash !== requestHash)
    throw new HttpError(409, 'IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was used for another order', { orderId: existing.id });
  return { order: await orderDetail(userId, existing.id), replayed: true };
}

async function placeOrder(c, userId, key, requestHash, dto) {
  const seen = new Set();
  for (const l of dto.items) {
    if (seen.has(l.skuId)) throw new HttpError(400, 'DUPLICATE_SKU', `SKU ${l.skuId} is listed twice`);
    seen.add(l.skuId);
  }
  const a = await one(c, SQL_ORDER_CREATE.address, [dto.addressId, userId]);
  if (!a) throw notFound('Address');
  const snapshots = await skuSnapshots(
    c,
    dto.items.map((l) => l.skuId),
  );
  const lines = dto.items.map((r) => {
    const s = snapshots.get(r.skuId);
    const problem = !s ? 'not_found' : !s.available ? (s.unavailableReason ?? 'not_found') : null;
    return {
      skuId: r.skuId,
      productId: s?.productId ?? 0,
      title: s?.title ?? '',
      specText: s?.specText ?? '',
      image: s?.image ?? '',
      unitPrice: s?.price ?? 0,
      quantity: r.quantity,
      lineTotal: s ? s.price * r.quantity : 0,
      categoryIds: s?.categoryIds ?? [],
      problem,
    };
  });
  const problems = lines.filter((l) => l.problem !== null);
  const unknown = problems.filter((p) => p.problem === 'not_found').map((p) => p.skuId);
  if (unknown.length > 0) throw new HttpError(400, 'UNKNOWN_SKUS', `Unknown SKU ${unknown.join(', ')}`, { skuIds: unknown });
  if (problems.length > 0)
    throw new HttpError(409, 'SKUS_UNAVAILABLE', 'Some SKUs cannot be bought', {
      skus: problems.map((p) => ({ skuId: p.skuId, reason: p.problem })),
    });
  const itemsTotal = lines.reduce((n, l) => n + l.lineTotal, 0);
  const shippingFee = itemsTotal >= config.freeShippingThreshold ? 0 : config.shippingFee;
  if (itemsTotal + shippingFee > MAX_ORDER_FEN) throw new HttpError(400, 'ORDER_AMOUNT_TOO_LARGE', 'The order amount is too large');

  const now = new Date();
  const coupon = dto.couponId
    ? await applicableCoupon(c, userId, dto.couponId, lines, itemsTotal + shippingFee - (config.allowFreeOrders ? 0 : 1), now)
    : null;
  const discountTotal = coupon?.discount ?? 0;
  lines.forEach((l, i) => {
    l.discountAmount = coupon?.shares[i] ?? 0;
    l.paidAmount = l.lineTotal - l.discountAmount;
  });
  const payAmount = itemsTotal + shippingFee - discountTotal;
  const address = {
    receiverName: a.receiverName,
    phone: a.phone,
    province: a.province,
    city: a.city,
    district: a.district,
    detail: a.detail,
    postalCode: a.postalCode,
    fullAddress: `${a.province}${a.city}${a.district}${a.detail}`,
  };
  const payExpiresAt = new Date(now.getTime() + config.orderPayMinutes * 60_000);
  let orderId;
  let orderNo;
  for (let attempt = 0; ; attempt++) {
    try {
      orderNo = newBusinessNo(new Date());
      const [inserted] = await c.query(SQL_ORDER_CREATE.insertOrder, [
        orderNo,
        userId,
        'pending_payment',
        itemsTotal,
        shippingFee,
        discountTotal,
        'delivery',
        coupon?.couponId ?? null,
        payAmount,
        0,
        0,
        JSON.stringify(address),
        dto.remark ?? '',
        key,
        requestHash,
        payExpiresAt,
        now,
        now,
      ]);
      orderId = inserted.insertId;
      break;
    } catch (err) {
      if (attempt < 3 && isDuplicateKey(err) && /order_no/i.test(err.message)) continue;
      throw err;
    }
  }
  const itemParams = [];
  for (const l of lines) {
    itemParams.push(
      orderId,
      l.productId,
      l.skuId,
      l.title.slice(0, 120),
      l.specText.slice(0, 120),
      l.image.slice(0, 512),
      l.unitPrice,
      l.quantity,
      l.lineTotal,
      l.discountAmount,
      l.paidAmount,
    );
  }
  const [insertedItems] = await c.query(SQL_ORDER_CREATE.insertItems(lines.length), itemParams);
  const itemIds = lines.map((_, i) => insertedItems.insertId + i);
  await c.query(SQL_ORDER_CREATE.insertEvent, [orderId, null, 'pending_payment', 'user', userId, 'created', now]);
  if (coupon) await lockCoupon(c, coupon.couponId, userId, orderId, now);
  await orderEvent(c, 'order.created', orderId);
  await reserveStock(
    c,
    dto.items.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
    orderId,
  );
  return {
    id: orderId,
    orderNo,
    status: 'pending_payment',
    itemsTotal,
    shippingFee,
    discountTotal,
    deliveryMode: 'delivery',
    pickup: null,
    couponId: coupon?.couponId ?? null,
    payAmount,
    paidAmount: 0,
    refundedAmount: 0,
    payExpiresAt: payExpiresAt.toISOString(),
    address,
    remark: dto.remark ?? '',
    items: lines.map((l, i) => ({
      id: itemIds[i],
      skuId: l.skuId,
      productId: l.productId,
      title: l.title.slice(0, 120),
      specText: l.specText.slice(0, 120),
      image: l.image.slice(0, 512),
      unitPrice: l.unitPrice,
      quantity: l.quantity,
      lineTotal: l.lineTotal,
      discountAmount: l.discountAmount,
      paidAmount: l.paidAmount,
      refundedQuantity: 0,
      refundedAmount: 0,
    })),
    actions: ['pay', 'cancel'],
    shipments: [],
    createdAt: now.toISOString(),
    paidAt: null,
    shippedAt: null,
    completedAt: null,
    cancelledAt: null,
    cancelReason: null,
  };
}

// Coupons at checkout (libs/promotions/src/coupon-checkout.service.ts applicable, lockToOrder; coupon-pricing.ts).
const SQL_COUPON = {
  own: 'SELECT c.id AS id, c.template_id AS templateId, c.valid_from AS validFrom, c.valid_to AS validTo, c.status AS status, t.kind AS kind, t.amount AS amount, t.threshold AS threshold, t.rate_percent AS ratePercent, t.max_discount AS maxDiscount, t.scope AS scope, t.scope_ids AS scopeIds, t.name AS name, t.stackable AS stackable FROM coupon c INNER JOIN coupon_template t ON t.id = c.template_id WHERE c.id = ? AND c.user_id = ?',
  lock: "UPDATE coupon FORCE INDEX (PRIMARY) SET order_id = ?, used_at = ?, updated_at = ?, status = 'used' WHERE id = ? AND user_id = ? AND status = 'unused' AND valid_from <= ? AND valid_to > ?",
  event: 'INSERT INTO coupon_event (coupon_id, from_status, to_status, actor, actor_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
};
const couponRefused = (couponId, reason) =>
  new HttpError(409, 'COUPON_NOT_USABLE', 'This coupon cannot be used for this order', { couponId, reason });

/** The coupon priced on the lines (its discount cut to `maxDiscount`, shared by largest remainder), or 409. */
async function applicableCoupon(c, userId, couponId, lines, maxDiscount, now) {
  const r = await one(c, SQL_COUPON.own, [couponId, userId]);
  if (!r) throw couponRefused(couponId, 'not_found');
  if (r.status !== 'unused') throw couponRefused(couponId, r.status);
  if (new Date(r.validTo) <= now) throw couponRefused(couponId, 'expired');
  if (new Date(r.validFrom) > now) throw couponRefused(couponId, 'not_started');
  const scopeIds = (typeof r.scopeIds === 'string' ? JSON.parse(r.scopeIds) : r.scopeIds).map(Number);
  const inScope = (l) =>
    r.scope === 'all' || (r.scope === 'products' ? scopeIds.includes(l.productId) : l.categoryIds.some((id) => scopeIds.includes(id)));
  const eligible = lines.map((l) => (inScope(l) ? l.lineTotal : 0));
  const eligibleTotal = eligible.reduce((a, b) => a + b, 0);
  if (eligibleTotal <= 0) throw couponRefused(couponId, 'no_eligible_items');
  if (eligibleTotal < Number(r.threshold)) throw couponRefused(couponId, 'below_threshold');
  let raw =
    r.kind === 'percent_off'
      ? Math.floor((eligibleTotal * (100 - Number(r.ratePercent ?? 100))) / 100)
      : Math.min(Number(r.amount), eligibleTotal);
  if (r.kind === 'percent_off' && r.maxDiscount !== null) raw = Math.min(raw, Number(r.maxDiscount));
  const discount = Math.max(0, Math.min(raw, maxDiscount));
  if (discount === 0) throw couponRefused(couponId, 'no_discount');
  return { couponId, discount, shares: apportion(discount, eligible) };
}

/** Largest remainder (coupon-pricing.ts apportion). */
function apportion(total, weights) {
  const S = BigInt(weights.reduce((a, b) => a + b, 0));
  const T = BigInt(total);
  const parts = weights.map((w, i) => ({ i, w, share: Number((T * BigInt(w)) / S), rem: (T * BigInt(w)) % S }));
  let left = total - parts.reduce((a, p) => a + p.share, 0);
  for (const p of [...parts].sort((a, b) => (a.rem === b.rem ? b.w - a.w || a.i - b.i : a.rem > b.rem ? -1 : 1))) {
    if (left === 0) break;
    p.share += 1;
    left -= 1;
  }
  return parts.map((p) => p.share);
}

async function lockCoupon(c, couponId, userId, orderId, now) {
  const [res] = await c.query(SQL_COUPON.lock, [orderId, now, now, couponId, userId, now, now]);
  if (res.affectedRows === 0) throw couponRefused(couponId, 'used');
  const note = `order ${orderId}`; // a parameter, not SQL: kept out of the call for the reserved-words scan
  await c.query(SQL_COUPON.event, [couponId, 'unused', 'used', 'user', userId, note, now]);
}

async function reserveStock(c, lines, orderId) {
  const merged = [...lines].sort((x, y) => x.skuId - y.skuId);
  const skus = await rows(
    c,
    SQL_ORDER_CREATE.skuProducts(merged.length),
    merged.map((l) => l.skuId),
  );
  const now = new Date();
  for (let i = 0; i < merged.length; i++) {
    const line = merged[i];
    const [res] = await c.query(SQL_ORDER_CREATE.reserve, [line.quantity, line.quantity, now, line.skuId, line.quantity]);
    if (!res.affectedRows) {
      const rest = merged.slice(i);
      const found = await rows(
        c,
        SQL_ORDER_CREATE.shortLines(rest.length),
        rest.map((l) => l.skuId),
      );
      const available = new Map(found.map((r) => [r.id, r.status === 'enabled' ? r.stock : 0]));
      const skus = rest
        .map((l) => ({ skuId: l.skuId, requested: l.quantity, available: available.get(l.skuId) ?? 0 }))
        .filter((s) => s.available < s.requested);
      throw new HttpError(409, 'OUT_OF_STOCK', `Not enough stock for SKU ${skus.map((s) => s.skuId).join(', ')}`, { skus });
    }
  }
  const params = [];
  for (const l of merged) params.push(l.skuId, -l.quantity);
  params.push('order', 'order', orderId, null, null, now, ...merged.map((l) => l.skuId));
  await c.query(SQL_ORDER_CREATE.ledger(merged.length), params);
  const productOf = new Map(skus.map((s) => [s.id, s.productId]));
  const perProduct = new Map();
  for (const l of merged) {
    const pid = productOf.get(l.skuId);
    if (pid !== undefined) perProduct.set(pid, (perProduct.get(pid) ?? 0) + l.quantity);
  }
  for (const [productId, q] of [...perProduct].sort((x, y) => x[0] - y[0])) await c.query(SQL_ORDER_CREATE.productSales, [q, productId]);
  const [after] = await c.query(
    SQL_ORDER_CREATE.shortLines(merged.length),
    merged.map((l) => l.skuId),
  );
  if (after.some((r) => Number(r.stock) === 0)) await bumpCatalogVersion(c);
}

/** catalog-cache.ts bumpCatalogVersion: the row is created on first use. */
async function bumpCatalogVersion(c) {
  const [res] = await c.query(SQL_ORDER_CREATE.bumpCatalogVersion);
  if (res.affectedRows > 0) return;
  try {
    await c.query(SQL_ORDER_CREATE.insertCatalogVersion);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

const iso = (d) => (d ? d.toISOString() : null);

async function orderDetail(userId, orderId) {
  const o = await one(pool, SQL_ORDER_CREATE.detailOrder, [orderId, userId]);
  if (!o) throw notFound('Order');
  const [items, shipments] = await Promise.all([
    rows(pool, SQL_ORDER_CREATE.detailItems, [orderId]),
    rows(pool, SQL_ORDER_CREATE.detailShipments, [orderId]),
  ]);
  return orderView(o, items, shipments);
}

/** The order as the API shows it (libs/orders dto/order.mappers.ts toOrderView), from the rows TypeORM reads. */
function orderView(o, items, shipments) {
  const now = new Date();
  const expired = o.Order_status === 'pending_payment' && o.Order_pay_expires_at <= now;
  const status = expired ? 'cancelled' : o.Order_status;
  let actions;
  switch (status) {
    case 'pending_payment':
      actions = ['pay', 'cancel'];
      break;
    case 'paid':
      actions = ['apply_after_sale'];
      break;
    case 'shipped':
      actions = ['confirm_receipt', 'apply_after_sale'];
      break;
    case 'completed': {
      const afterSaleDays = Number(env.AFTER_SALE_DAYS ?? 7);
      const windowEnds = (o.Order_completed_at?.getTime() ?? 0) + afterSaleDays * 86_400_000;
      actions = now.getTime() < windowEnds ? ['apply_after_sale', 'rebuy'] : ['rebuy'];
      break;
    }
    default:
      actions = ['rebuy'];
  }
  return {
    id: o.Order_id,
    orderNo: o.Order_order_no,
    status,
    itemsTotal: o.Order_items_total,
    shippingFee: o.Order_shipping_fee,
    discountTotal: o.Order_discount_total,
    deliveryMode: o.Order_delivery_mode,
    pickup: null, // the floor places delivery orders only (wxmall reads order_pickup for pick-up orders)
    couponId: o.Order_coupon_id,
    payAmount: o.Order_pay_amount,
    paidAmount: o.Order_paid_amount,
    refundedAmount: o.Order_refunded_amount,
    payExpiresAt: o.Order_pay_expires_at.toISOString(),
    address: json(o.Order_address),
    remark: o.Order_remark,
    items: items.map((i) => ({
      id: i.OrderItem_id,
      skuId: i.OrderItem_sku_id,
      productId: i.OrderItem_product_id,
      title: i.OrderItem_title,
      specText: i.OrderItem_spec_text,
      image: i.OrderItem_image,
      unitPrice: i.OrderItem_unit_price,
      quantity: i.OrderItem_quantity,
      lineTotal: i.OrderItem_line_total,
      discountAmount: i.OrderItem_discount_amount,
      paidAmount: i.OrderItem_paid_amount,
      refundedQuantity: i.OrderItem_refunded_quantity,
      refundedAmount: i.OrderItem_refunded_amount,
    })),
    actions,
    shipments: shipments.map((s) => ({
      id: s.Shipment_id,
      expressCompany: s.Shipment_express_company,
      trackingNo: s.Shipment_tracking_no,
      shippedAt: s.Shipment_shipped_at.toISOString(),
    })),
    createdAt: o.Order_created_at.toISOString(),
    paidAt: iso(o.Order_paid_at),
    shippedAt: iso(o.Order_shipped_at),
    completedAt: iso(o.Order_completed_at),
    cancelledAt: expired ? o.Order_pay_expires_at.toISOString() : iso(o.Order_cancelled_at),
    cancelReason: expired ? 'expired' : o.Order_cancel_reason,
  };
}

// ---------------------------------------------------------------------------------------------
// POST /api/v1/payments/wechat/notify (libs/payments payment-notifications.service.ts onPayment,
// payments.service.ts applyTransaction/succeed, libs/orders order-payments.service.ts markPaid,
// order-transitions.service.ts apply, libs/payments payment-transitions.service.ts; the lifecycle listener of
// order-side-effects.ts reads nothing for a paid order).
const SQL_NOTIFY = {
  insertNotification:
    "INSERT INTO payment_notification (provider, event_id, event_type, out_trade_no, out_refund_no, outcome, received_at) VALUES (?, ?, ?, ?, NULL, 'ignored', ?)",
  lockPayment:
    'SELECT id, order_id AS orderId, out_trade_no AS outTradeNo, amount, status FROM payment WHERE out_trade_no = ? LIMIT 1 FOR UPDATE',
  paymentSucceeded:
    'UPDATE payment FORCE INDEX (PRIMARY) SET transaction_id = ?, payer_openid = ?, paid_at = ?, updated_at = ?, status = ? WHERE id = ? AND status = ?',
  insertPaymentEvent:
    'INSERT INTO payment_event (payment_id, from_status, to_status, actor, actor_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  order:
    'SELECT id, order_no AS orderNo, user_id AS userId, status, pay_amount AS payAmount, (paid_at IS NOT NULL) AS paid FROM orders WHERE id = ?',
  orderPaid:
    'UPDATE `orders` FORCE INDEX (PRIMARY) SET `paid_at` = ?, `paid_amount` = ?, `updated_at` = ?, `status` = ? WHERE `id` = ? AND `status` = ? AND `pay_expires_at` >= ?',
  insertEvent: SQL_ORDER_CREATE.insertEvent,
  outcome: 'UPDATE payment_notification SET outcome = ? WHERE event_id = ?',
  // libs/distribution commissions.service.ts onPaid (the order's paid transition): the settings row, read through the
  // transaction at most every SETTINGS_REFRESH_MS (distribution-settings.service.ts recent)
  distributionSettings:
    'SELECT `DistributionSettingsRow`.`id` AS `DistributionSettingsRow_id`, `DistributionSettingsRow`.`document` AS `DistributionSettingsRow_document`, `DistributionSettingsRow`.`version` AS `DistributionSettingsRow_version`, `DistributionSettingsRow`.`updated_at` AS `DistributionSettingsRow_updated_at` FROM `distribution_settings` `DistributionSettingsRow` WHERE ((`DistributionSettingsRow`.`id` = ?)) LIMIT 1',
};

class NotifyRejected extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** wechat-pay-notify.verifier.ts: headers, 300 s skew, key by serial, RSA-SHA256 over the raw body, AES-256-GCM. */
function verifyNotification(raw, headers) {
  const h = (n) => {
    const v = headers[n];
    return typeof v === 'string' ? v.trim() || undefined : undefined;
  };
  const timestamp = h('wechatpay-timestamp');
  const nonce = h('wechatpay-nonce');
  const signature = h('wechatpay-signature');
  const serial = h('wechatpay-serial');
  if (!timestamp || !nonce || !signature || !serial) throw new NotifyRejected(401, 'verification failed: missing_headers');
  const type = h('wechatpay-signature-type');
  if (type !== undefined && type !== 'WECHATPAY2-SHA256-RSA2048') throw new NotifyRejected(401, 'verification failed: bad_signature');
  if (!/^\d{1,12}$/.test(timestamp)) throw new NotifyRejected(401, 'verification failed: missing_headers');
  if (Math.abs(Number(timestamp) - Math.floor(Date.now() / 1000)) > 300)
    throw new NotifyRejected(401, 'verification failed: stale_timestamp');
  const key = config.publicKeys.get(serial.toUpperCase());
  if (!key) throw new NotifyRejected(401, 'verification failed: unknown_serial');
  if (signature.startsWith('WECHATPAY/SIGNTEST/')) throw new NotifyRejected(401, 'verification failed: bad_signature');
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`, 'utf8'), raw, Buffer.from('\n')]);
  if (!BASE64.test(signature) || !verifySignature('sha256', message, key, Buffer.from(signature, 'base64')))
    throw new NotifyRejected(401, 'verification failed: bad_signature');
  let envelope;
  try {
    envelope = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new NotifyRejected(401, 'verification failed: malformed_body');
  }
  const r = envelope?.resource;
  if (typeof envelope?.id !== 'string' || typeof envelope.event_type !== 'string' || r?.algorithm !== 'AEAD_AES_256_GCM')
    throw new NotifyRejected(401, 'verification failed: malformed_body');
  const data = Buffer.from(String(r.ciphertext), 'base64');
  let resource;
  try {
    const d = createDecipheriv('aes-256-gcm', config.apiV3Key, Buffer.from(String(r.nonce), 'utf8'), { authTagLength: 16 });
    d.setAuthTag(data.subarray(data.length - 16));
    d.setAAD(Buffer.from(r.associated_data ?? '', 'utf8'));
    resource = JSON.parse(Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString('utf8'));
  } catch {
    throw new NotifyRejected(401, 'verification failed: decrypt_failed');
  }
  if (!envelope.event_type.startsWith('TRANSACTION.')) throw new NotifyRejected(401, 'verification failed: unexpected_event');
  const str = (v) => typeof v === 'string' && v !== '';
  const paid = resource?.trade_state === 'SUCCESS';
  if (
    !str(resource?.out_trade_no) ||
    !str(resource.trade_state) ||
    !str(resource.mchid) ||
    !str(resource.appid) ||
    (paid && (!str(resource.transaction_id) || !Number.isSafeInteger(resource.amount?.total)))
  )
    throw new NotifyRejected(401, 'verification failed: malformed_body');
  return { event: envelope, resource };
}

async function onPaymentNotification(raw, headers) {
  const { event, resource: r } = verifyNotification(raw, headers);
  if (r.mchid !== config.mchId) throw new NotifyRejected(400, 'mchid does not match this merchant');
  if (r.appid !== config.appId) throw new NotifyRejected(400, 'appid does not match this mini program');
  if (event.event_type !== 'TRANSACTION.SUCCESS' || r.trade_state !== 'SUCCESS') return 'ignored';
  const t = {
    outTradeNo: r.out_trade_no,
    transactionId: r.transaction_id ?? null,
    amount: r.amount?.total ?? 0,
    payerOpenid: r.payer?.openid ?? null,
    paidAt: r.success_time ? new Date(r.success_time) : null,
    eventId: event.id,
  };
  try {
    return await transaction(async (c) => {
      await c.query(SQL_NOTIFY.insertNotification, ['wechat', event.id, event.event_type, t.outTradeNo, new Date()]);
      const payment = await one(c, SQL_NOTIFY.lockPayment, [t.outTradeNo]);
      if (!payment) throw new NotifyRejected(404, `unknown out_trade_no ${t.outTradeNo}`);
      if (t.amount !== payment.amount) throw new NotifyRejected(400, `amount ${t.amount} differs from the payment's ${payment.amount}`);
      const outcome = payment.status === 'succeeded' ? 'already_paid' : await succeed(c, payment, t);
      await c.query(SQL_NOTIFY.outcome, [outcome, event.id]);
      return outcome;
    });
  } catch (err) {
    if (isDuplicateKey(err)) return 'duplicate';
    throw err;
  }
}

async function succeed(c, payment, t) {
  const paidAt = t.paidAt ?? new Date();
  const at = new Date();
  await c.query(SQL_NOTIFY.paymentSucceeded, [t.transactionId, t.payerOpenid, paidAt, at, 'succeeded', payment.id, payment.status]);
  await c.query(SQL_NOTIFY.insertPaymentEvent, [payment.id, payment.status, 'succeeded', 'wechat', null, `notification ${t.eventId}`, at]);
  const orderId = payment.orderId;
  const order = await one(c, SQL_NOTIFY.order, [orderId]);
  if (!order) throw notFound('Order');
  if (order.status !== 'pending_payment') return Number(order.paid) === 1 ? 'already_paid' : 'late_refund_not_in_floor';
  if (t.amount !== order.payAmount) throw new HttpError(409, 'AMOUNT_MISMATCH', 'Paid amount differs from the order');
  const now = new Date();
  const [res] = await c.query(SQL_NOTIFY.orderPaid, [paidAt, t.amount, now, 'paid', orderId, 'pending_payment', paidAt]);
  if (res.affectedRows > 0) {
    await c.query(SQL_NOTIFY.insertEvent, [orderId, 'pending_payment', 'paid', 'wechat', null, `paid: ${t.transactionId}`, now]);
    await commissionsOnPaid(c, order);
    await orderEvent(c, 'order.paid', orderId);
    return 'paid';
  }
  const after = await one(c, SQL_NOTIFY.order, [orderId]);
  return Number(after?.paid) === 1 ? 'already_paid' : 'late_refund_not_in_floor';
}

const SETTINGS_REFRESH_MS = Number(env.SETTINGS_REFRESH_MS ?? 2000);
let distribution; // { settings, readAt }
// libs/distribution distribution-settings.ts: what an unset field of the stored document means.
const DISTRIBUTION_DEFAULTS = { enabled: false, selfPurchase: false, level1RateBp: 1000, level2RateBp: 500 };

// ---------------------------------------------------------------------------------------------
// Commissions on the order's paid transition (libs/distribution commissions.service.ts onPaid,
// commission-rules.service.ts resolver, promoter-ledger.service.ts move, distribution.sql.ts; libs/orders
// order-after-sales.service.ts lines): level 1 is the buyer's promoter, level 2 that promoter's (both through unexpired
// bindings to active promoters, one statement), one frozen record per item and level with its ledger row.
const SQL_COMMISSIONS = {
  chain:
    "SELECT p1.id, p1.user_id AS userId, p2.id AS upId, p2.user_id AS upUserId FROM distribution_binding b1 JOIN promoter p1 ON p1.id = b1.promoter_id AND p1.status = 'active' LEFT JOIN distribution_binding b2 ON b2.user_id = p1.user_id AND (b2.expires_at IS NULL OR b2.expires_at > ?) LEFT JOIN promoter p2 ON p2.id = b2.promoter_id AND p2.status = 'active' WHERE b1.user_id = ? AND (b1.expires_at IS NULL OR b1.expires_at > ?)",
  lines:
    'SELECT id, product_id AS productId, sku_id AS skuId, quantity, paid_amount AS paidAmount FROM order_item WHERE order_id = ? ORDER BY id',
  rules: (n) =>
    `SELECT product_id AS productId, sku_id AS skuId, mode, level1, level2 FROM commission_rule WHERE product_id IN (${inList(n)})`,
  insert:
    'INSERT INTO commission (promoter_id, order_id, order_item_id, buyer_user_id, level, base_amount, quantity, rule_mode, rule_value, initial_amount, amount, status, order_completed_at, settled_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  moveBalances:
    'UPDATE promoter FORCE INDEX (PRIMARY) SET frozen = frozen + ?, withdrawable = withdrawable + ?, withdrawing = withdrawing + ?, withdrawn = withdrawn + ?, total_earned = total_earned + ?, updated_at = ? WHERE id = ? AND frozen + ? >= 0 AND withdrawing + ? >= 0',
  insertLedger:
    'INSERT INTO promoter_ledger (promoter_id, type, frozen_delta, withdrawable_delta, withdrawing_delta, withdrawn_delta, total_delta, ref_type, ref_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
};

/** commission-amounts.ts commissionFor: the SKU's rule, else the product's, else the settings' rate. */
function commissionFor(base, quantity, level, rule, s) {
  if (rule?.mode === 'excluded') return null;
  const mode = rule?.mode ?? 'rate';
  const value = rule ? (level === 1 ? rule.level1 : rule.level2) : level === 1 ? s.level1RateBp : s.level2RateBp;
  const amount = mode === 'fixed' ? Math.min(value * quantity, base) : Math.floor((base * value) / 10_000);
  return amount > 0 ? { mode, value, amount } : null;
}

async function commissionsOnPaid(c, paid) {
  if (!distribution || performance.now() - distribution.readAt >= SETTINGS_REFRESH_MS) {
    const readAt = performance.now();
    const row = await one(c, SQL_NOTIFY.distributionSettings, [1]);
    const doc = row ? row.DistributionSettingsRow_document : null;
    distribution = { settings: { ...DISTRIBUTION_DEFAULTS, ...(typeof doc === 'string' ? JSON.parse(doc) : (doc ?? {})) }, readAt };
  }
  const s = distribution.settings;
  if (!s.enabled) return;
  if (s.selfPurchase) throw new Error('the floor does not implement selfPurchase commissions');
  const at = new Date();
  const chain = await one(c, SQL_COMMISSIONS.chain, [at, paid.userId, at]);
  if (!chain) return;
  const level1 = { id: chain.id, userId: chain.userId };
  const up = chain.upId === null ? null : { id: chain.upId, userId: chain.upUserId };
  const level2 = up && up.id !== level1.id && up.userId !== paid.userId ? up : null;
  const items = await rows(c, SQL_COMMISSIONS.lines, [paid.id]);
  const productIds = [...new Set(items.map((i) => i.productId))];
  const rules = productIds.length ? await rows(c, SQL_COMMISSIONS.rules(productIds.length), productIds) : [];
  const byKey = new Map(rules.map((r) => [`${r.productId}:${r.skuId}`, { mode: r.mode, level1: r.level1, level2: r.level2 }]));
  const now = at;
  for (const item of items) {
    const base = item.paidAmount;
    const rule = byKey.get(`${item.productId}:${item.skuId}`) ?? byKey.get(`${item.productId}:0`);
    for (const [level, promoter] of [
      [1, level1],
      [2, level2],
    ]) {
      if (!promoter) continue;
      const q = commissionFor(base, item.quantity, level, rule, s);
      if (!q) continue;
      const [inserted] = await c.query(SQL_COMMISSIONS.insert, [
        promoter.id,
        paid.id,
        item.id,
        paid.userId,
        level,
        base,
        item.quantity,
        q.mode,
        q.value,
        q.amount,
        q.amount,
        'frozen',
        null,
        null,
        now,
        now,
      ]);
      const [moved] = await c.query(SQL_COMMISSIONS.moveBalances, [q.amount, 0, 0, 0, q.amount, now, promoter.id, q.amount, 0]);
      if (moved.affectedRows === 0) continue;
      const note = `order ${paid.orderNo} level ${level}`; // a parameter, not SQL
      await c.query(SQL_COMMISSIONS.insertLedger, [
        promoter.id,
        'commission_frozen',
        q.amount,
        0,
        0,
        0,
        q.amount,
        'commission',
        inserted.insertId,
        note,
        now,
      ]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Webhook events in the change's transaction (libs/webhooks webhook-events.service.ts emit, webhook-event-rows.ts
// writeEvent, webhook-subscriptions.ts, webhooks.sql.ts; libs/orders order-webhooks.ts document): when enabled
// endpoints subscribe to the type, the order's document read through the transaction, the event row and one delivery
// row per such endpoint. The subscribed endpoints are cached as wxmall caches them: read at boot, refreshed in the
// background once older than WEBHOOK_SUBSCRIPTIONS_CACHE_MS. Delivering the event is what wxmall's dispatcher does
// after commit; the floor sends nothing (docs/benchmark.md, Known limits).
const DELIVERY_ROW = "(?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)";
const SQL_WEBHOOKS = {
  subscribedEndpoints: 'SELECT id, event_types AS eventTypes FROM webhook_endpoint WHERE enabled = 1',
  // libs/orders orders.sql.ts ORDER_DOCUMENT*: shipments only for an order that shipped (never, here)
  order:
    'SELECT id, order_no AS orderNo, user_id AS userId, status, items_total AS itemsTotal, shipping_fee AS shippingFee, discount_total AS discountTotal, delivery_mode AS deliveryMode, coupon_id AS couponId, pay_amount AS payAmount, paid_amount AS paidAmount, refunded_amount AS refundedAmount, address, remark, idempotency_key AS idempotencyKey, request_hash AS requestHash, pay_expires_at AS payExpiresAt, created_at AS createdAt, updated_at AS updatedAt, paid_at AS paidAt, shipped_at AS shippedAt, completed_at AS completedAt, cancelled_at AS cancelledAt, cancel_reason AS cancelReason, closed_at AS closedAt FROM orders WHERE id = ?',
  items:
    'SELECT id, order_id AS orderId, product_id AS productId, sku_id AS skuId, title, spec_text AS specText, image, unit_price AS unitPrice, quantity, line_total AS lineTotal, discount_amount AS discountAmount, paid_amount AS paidAmount, refunded_quantity AS refundedQuantity, refunded_amount AS refundedAmount FROM order_item WHERE order_id = ? ORDER BY id',
  shipments:
    'SELECT id, express_company AS expressCompany, tracking_no AS trackingNo, shipped_at AS shippedAt FROM shipment WHERE order_id = ? ORDER BY id',
  insertEvent: 'INSERT INTO webhook_event (uid, type, resource_key, data, occurred_at) VALUES (?, ?, ?, ?, ?)',
  insertDeliveries: (rows) =>
    'INSERT INTO webhook_delivery (event_id, endpoint_id, resource_key, seq, status, attempts, next_attempt_at, retry_since, created_at, updated_at) VALUES ' +
    Array.from({ length: rows }, () => DELIVERY_ROW).join(', '),
};
const SUBSCRIPTIONS_CACHE_MS = Number(env.WEBHOOK_SUBSCRIPTIONS_CACHE_MS ?? 5000);
const subscriptions = { endpoints: null, readAt: 0, refreshing: false };

async function readSubscriptions(db) {
  const readAt = Date.now();
  const found = await rows(db, SQL_WEBHOOKS.subscribedEndpoints);
  const endpoints = new Map();
  for (const r of found)
    for (const type of typeof r.eventTypes === 'string' ? JSON.parse(r.eventTypes) : r.eventTypes)
      endpoints.set(type, [...(endpoints.get(type) ?? []), Number(r.id)]);
  subscriptions.endpoints = endpoints;
  subscriptions.readAt = readAt;
  return endpoints;
}

async function endpointsFor(c, type) {
  const endpoints = subscriptions.endpoints ?? (await readSubscriptions(c));
  if (Date.now() - subscriptions.readAt >= SUBSCRIPTIONS_CACHE_MS && !subscriptions.refreshing) {
    subscriptions.refreshing = true;
    readSubscriptions(pool)
      .catch((err) => process.stderr.write(`floor: webhook subscriptions not refreshed: ${err?.message ?? err}\n`))
      .finally(() => (subscriptions.refreshing = false));
  }
  return endpoints.get(type) ?? [];
}

/** A plain row ({payExpiresAt}) keyed as TypeORM's (Order_pay_expires_at), for orderView. */
function typeormShaped(entity, row) {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [`${entity}_${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`, v]),
  );
}

async function orderEvent(c, type, orderId) {
  const endpoints = await endpointsFor(c, type);
  if (endpoints.length === 0) return;
  const id = randomUUID();
  const now = new Date();
  const o = await one(c, SQL_WEBHOOKS.order, [orderId]);
  const [items, shipments] = await Promise.all([
    rows(c, SQL_WEBHOOKS.items, [orderId]),
    o.shippedAt ? rows(c, SQL_WEBHOOKS.shipments, [orderId]) : [],
  ]);
  const resource = `order:${orderId}`;
  const data = {
    ...orderView(
      typeormShaped('Order', o),
      items.map((i) => typeormShaped('OrderItem', i)),
      shipments.map((x) => typeormShaped('Shipment', x)),
    ),
    userId: o.userId,
  };
  const [inserted] = await c.query(SQL_WEBHOOKS.insertEvent, [id, type, resource, JSON.stringify(data), now]);
  const eventId = inserted.insertId;
  await c.query(
    SQL_WEBHOOKS.insertDeliveries(endpoints.length),
    endpoints.flatMap((endpointId) => [eventId, endpointId, resource, eventId, now, now, now, now]),
  );
}

// ---------------------------------------------------------------------------------------------
// HTTP
const app = Fastify({ logger: false, bodyLimit: 512 * 1024, trustProxy: true });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
  req.rawBody = body;
  if (body.length === 0) return done(null, undefined);
  try {
    done(null, JSON.parse(body.toString('utf8')));
  } catch {
    done(new HttpError(400, 'BAD_REQUEST', 'Body is not valid JSON'));
  }
});
app.setErrorHandler((err, _req, reply) => {
  if (err instanceof HttpError) {
    const body = { code: err.code, message: err.message, requestId: randomUUID() };
    if (err.details !== undefined) body.details = err.details;
    return reply.status(err.status).send(body);
  }
  process.stderr.write(`floor: ${err?.stack ?? err}\n`);
  return reply.status(500).send({ code: 'INTERNAL', message: 'Internal error', requestId: randomUUID() });
});

app.get('/healthz', async () => ({ status: 'ok' }));
app.get('/readyz', async () => {
  await pool.query('SELECT 1');
  return { status: 'ready', database: true, migrations: true };
});
app.get('/api/v1/products', async (req) => listProducts(req.query));
app.get('/api/v1/products/:id', async (req) => productDetail(req.params.id));
app.get('/api/v1/products/:id/reviews/summary', async (req) => reviewSummary(req.params.id));
app.post('/api/v1/cart/items', async (req, reply) => {
  const user = await shopper(req);
  reply.status(201);
  return addToCart(user.userId, req.body);
});
app.post('/api/v1/orders', async (req, reply) => {
  const user = await shopper(req);
  await assertActiveNow(user.userId);
  const key = header(req, 'idempotency-key');
  const { order, replayed } = await createOrder(user.userId, key, req.body);
  if (replayed) reply.header('idempotent-replayed', 'true');
  reply.status(201);
  return order;
});
app.post('/api/v1/payments/wechat/notify', async (req, reply) => {
  try {
    await onPaymentNotification(req.rawBody ?? Buffer.alloc(0), req.headers);
    return reply.status(204).send();
  } catch (err) {
    const rejected = err instanceof NotifyRejected;
    if (!rejected) process.stderr.write(`floor notify: ${err?.stack ?? err}\n`);
    return reply.status(rejected ? err.status : 500).send({ code: 'FAIL', message: rejected ? err.message : 'internal error' });
  }
});

const shutdown = () => {
  app
    .close()
    .then(() => pool.end())
    .finally(() => process.exit(0));
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

// At boot, as wxmall: which server it is (TypeORM's inserts differ, above) and the webhook subscriptions.
await readSubscriptions(pool);
await app.listen({ port: config.port, host: config.host });
