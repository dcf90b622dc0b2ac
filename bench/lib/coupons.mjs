// Coupons for the checkout scenarios (S4, SQL parity): one operator template, coupons issued straight into the
// database (bench data, as setStock sets stock), and a queue per buyer, since a coupon is used by one order only.

const BATCH = 2000;

/** A no-threshold coupon template (`amount` fen off everything), valid from a day ago for 30 days. */
export async function couponTemplate(db, name, amount = 100) {
  const now = new Date();
  const [r] = await db.query(
    "INSERT INTO coupon_template (name, kind, amount, threshold, rate_percent, max_discount, scope, scope_ids, valid_from, valid_to, valid_days, total_quantity, issued_count, per_user_limit, channel, stackable, status, created_by, created_at, updated_at) VALUES (?, 'no_threshold', ?, 0, NULL, NULL, 'all', '[]', ?, ?, NULL, 100000000, 0, 100000000, 'operator', 0, 'active', NULL, ?, ?)",
    [name, amount, new Date(now.getTime() - 86_400_000), new Date(now.getTime() + 30 * 86_400_000), now, now],
  );
  return { id: Number(r.insertId), validFrom: new Date(now.getTime() - 86_400_000), validTo: new Date(now.getTime() + 30 * 86_400_000) };
}

/** The user ids of buyers (by openid), in their order. */
export async function userIds(db, openids) {
  const [rows] = await db.query('SELECT id, openid FROM `user` WHERE openid IN (?)', [openids]);
  const byOpenid = new Map(rows.map((r) => [r.openid, Number(r.id)]));
  return openids.map((o) => {
    if (!byOpenid.has(o)) throw new Error(`bench: no user for ${o}`);
    return byOpenid.get(o);
  });
}

/** Issues `counts[i]` unused coupons of the template to `users[i]`; answers their ids per user. */
export async function issueCoupons(db, template, users, counts) {
  const rows = [];
  users.forEach((u, i) => {
    for (let k = 0; k < counts[i]; k++) rows.push(u);
  });
  const ids = new Map(users.map((u) => [u, []]));
  if (rows.length === 0) return users.map(() => []);
  const [[{ maxId }]] = await db.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM coupon');
  const now = new Date();
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows
      .slice(i, i + BATCH)
      .map((u) => [template.id, u, 'unused', template.validFrom, template.validTo, null, null, 'issue', now, now]);
    await db.query(
      'INSERT INTO coupon (template_id, user_id, status, valid_from, valid_to, order_id, used_at, source, created_at, updated_at) VALUES ?',
      [values],
    );
  }
  await db.query('UPDATE coupon_template SET issued_count = issued_count + ? WHERE id = ?', [rows.length, template.id]);
  const [issued] = await db.query('SELECT id, user_id AS userId FROM coupon WHERE template_id = ? AND id > ? ORDER BY id', [
    template.id,
    maxId,
  ]);
  for (const r of issued) ids.get(Number(r.userId))?.push(Number(r.id));
  return users.map((u) => ids.get(u));
}

/**
 * One queue of unused coupons per buyer (worker w orders as buyer w). `topUp(workers, seconds)` issues enough for
 * `workers` buyers to order for `seconds` at 1.5x the highest total rate seen so far (`saw` records each run's; the
 * total rate barely changes with the number of buyers, the rate per buyer does). `take(w)` answers the next coupon,
 * or undefined when the queue ran dry (`dry` counts those orders).
 */
export async function couponPool(db, buyers, name) {
  const template = await couponTemplate(db, name);
  const users = await userIds(
    db,
    buyers.map((b) => b.openid),
  );
  const queues = buyers.map(() => []);
  // Orders per second, all workers together; starts high (the warm-up over-issues rather than runs dry).
  let rate = 3000;
  const pool = {
    template,
    dry: 0,
    async topUp(workers, seconds) {
      const want = Math.ceil((rate / workers) * seconds * 1.5) + 5;
      const counts = queues.slice(0, workers).map((q) => Math.max(0, want - q.length));
      const ids = await issueCoupons(db, template, users.slice(0, workers), counts);
      ids.forEach((list, w) => queues[w].push(...list));
    },
    saw(result) {
      if (result.seconds > 0) rate = Math.max(rate === 3000 ? 0 : rate, (result.requests + result.errors) / result.seconds);
    },
    take(w) {
      const id = queues[w].shift();
      if (id === undefined) pool.dry++;
      return id;
    },
  };
  return pool;
}
