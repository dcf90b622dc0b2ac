// Distribution in the benchmark (issue 17: "hot paths keep their benchmark ratios, checkout with a bound buyer
// included in S4"): the settings an owner sets, promoters with level-2 parents, and every bench buyer bound to one,
// all through wxmall's API, so payments write the commissions (level 1 and 2) and their promoter ledger rows.
import { call, gatewayHeaders, pool } from './setup.mjs';

export const LEVEL1_RATE_BP = 1000;
export const LEVEL2_RATE_BP = 500;

/** As an owner: distribution on (promoters join without approval, the first share binds for good) or off. */
export async function distributionSettings(base, token, enabled) {
  const body = enabled
    ? {
        reason: 'npm run bench: distribution on',
        enabled: true,
        promoterApproval: false,
        bindingMode: 'first_share',
        bindingDays: 0,
        level1RateBp: LEVEL1_RATE_BP,
        level2RateBp: LEVEL2_RATE_BP,
        selfPurchase: false,
      }
    : { reason: 'npm run bench: distribution off', enabled: false };
  const res = await fetch(`${base}/api/v1/admin/distribution/settings`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`PATCH /admin/distribution/settings: ${res.status} ${await res.text()}`);
}

async function becomePromoter(base, openid) {
  const r = await call(base, 'POST', '/api/v1/distribution/promoter', { headers: gatewayHeaders(openid), body: { note: 'bench' } });
  if (r.status !== 201 || r.data.status !== 'active')
    throw new Error(`POST /distribution/promoter for ${openid}: ${r.status} ${JSON.stringify(r.data)}`);
  return { openid, id: r.data.id, code: r.data.code };
}

async function bind(base, openid, code) {
  const r = await call(base, 'POST', '/api/v1/distribution/bind', { headers: gatewayHeaders(openid), body: { code } });
  if (r.status !== 200 || !['bound', 'already_bound'].includes(r.data.outcome))
    throw new Error(`POST /distribution/bind for ${openid}: ${r.status} ${JSON.stringify(r.data)}`);
}

/**
 * `count` promoters, each bound to a parent promoter of their own (level 2), as shoppers do it: apply, then open the
 * parent's share. Spread over many promoters, payments contend on a promoter's row no more than a shop's do.
 */
export async function promoterTree(base, prefix, count) {
  const parents = await pool(
    Array.from({ length: count }, (_, i) => `${prefix}p2-${i}`),
    8,
    (openid) => becomePromoter(base, openid),
  );
  const promoters = await pool(
    Array.from({ length: count }, (_, i) => `${prefix}p1-${i}`),
    8,
    (openid) => becomePromoter(base, openid),
  );
  // One at a time: bindings of promoters take turns on the settings row anyway (at once, they deadlocked into 500s
  // until the row was locked before being created; bindings.int-spec.ts).
  for (const [i, p] of promoters.entries()) await bind(base, p.openid, parents[i].code);
  return promoters.map((p, i) => ({ ...p, parent: parents[i] }));
}

/** Binds buyer i to promoter i mod n (the buyer opens the promoter's share). */
export async function bindBuyers(base, buyers, promoters) {
  await pool(buyers, 16, (b, i) => bind(base, b.openid, promoters[i % promoters.length].code));
}

/**
 * Commissions of paid orders: one level-1 and one level-2 record per order item at the settings' rates (the bench's
 * orders have one item each), and every promoter's frozen balance equal to its ledger.
 */
export async function commissionCheck(db, orderIds, promoters) {
  const [[c]] = await db.query(
    `SELECT COUNT(DISTINCT CASE WHEN level = 1 THEN order_id END) AS level1,
            COUNT(DISTINCT CASE WHEN level = 2 THEN order_id END) AS level2,
            COUNT(*) AS records,
            COALESCE(SUM(amount <> FLOOR(base_amount * rule_value / 10000) OR rule_value <> CASE level WHEN 1 THEN ? ELSE ? END), 0) AS wrong
       FROM commission WHERE order_id IN (?)`,
    [LEVEL1_RATE_BP, LEVEL2_RATE_BP, orderIds],
  );
  const ids = promoters.flatMap((p) => [p.id, p.parent.id]);
  const [[l]] = await db.query(
    `SELECT COUNT(*) AS drifted FROM promoter p
      WHERE p.id IN (?) AND p.frozen <> (SELECT COALESCE(SUM(frozen_delta), 0) FROM promoter_ledger l WHERE l.promoter_id = p.id)`,
    [ids],
  );
  const r = {
    paidOrders: orderIds.length,
    withLevel1: Number(c.level1),
    withLevel2: Number(c.level2),
    records: Number(c.records),
    wrongAmounts: Number(c.wrong),
    promotersOffLedger: Number(l.drifted),
  };
  r.ok =
    r.withLevel1 === r.paidOrders &&
    r.withLevel2 === r.paidOrders &&
    r.records === 2 * r.paidOrders &&
    r.wrongAmounts === 0 &&
    r.promotersOffLedger === 0;
  return r;
}

/** Orders since `sinceOrderId` and how many of them a bound buyer placed. */
export async function boundOrders(db, sinceOrderId) {
  const [[r]] = await db.query(
    'SELECT COUNT(*) AS orders, COUNT(b.id) AS bound FROM orders o LEFT JOIN distribution_binding b ON b.user_id = o.user_id WHERE o.id > ?',
    [sinceOrderId],
  );
  return { orders: Number(r.orders), byBoundBuyers: Number(r.bound) };
}
