import { createServer } from 'node:net';
import { ReadReplicas } from '@app/database';
import {
  createAddress,
  createShopProduct,
  placeOrder,
  privateMariadbAvailable,
  type PrivateMariadb,
  startPrivateMariadb,
  startTestApp,
  type TestApp,
} from '@app/testing';

const until = async (what: string, ok: () => Promise<boolean> | boolean, ms = 20_000): Promise<number> => {
  const start = Date.now();
  while (!(await ok())) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
};

/** A port nothing listens on (a replica that is down). */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/**
 * Read replicas on this machine: a private mariadbd primary with a binary log and a second private mariadbd
 * replicating it (binlog, from its first event), both started once for the file. Catalog reads go to the replica
 * (a row changed on the replica alone shows), reads of one's own writes to the primary (they are right while the
 * replica is held behind), and a replica that lags past the bound or stops answering is skipped within it.
 */
(privateMariadbAvailable ? describe : describe.skip)('read replicas', () => {
  let primary: PrivateMariadb;
  let replica: PrivateMariadb;
  /** Tolerates a minute of lag: the replica held behind still serves its reads. */
  let tolerant: TestApp;
  /** Skips a replica more than 400 ms behind, checked every 100 ms; its second replica was never up. */
  let strict: TestApp;
  let op: string;
  let marked: number;
  const MAX_LAG_MS = 400;
  const CHECK_MS = 100;
  /** A probe unanswered this long means down (ReadReplicas: two checks, at least a second). */
  const DOWN_AFTER_MS = 1000;
  /** ReadReplicas.staleBoundMs (lag bound + two checks + the probe's allowance), plus room for a loaded machine. */
  const BOUND_MS = MAX_LAG_MS + 2 * CHECK_MS + DOWN_AFTER_MS + 1000;

  const usable = (t: TestApp): boolean => t.app.get(ReadReplicas).states()[0]!.usable;
  const title = async (t: TestApp, id: number): Promise<string | number> => {
    const res = await t.http.get(`/api/v1/products/${id}`);
    return res.status === 200 ? (res.body.title as string) : res.status;
  };
  const onReplica = async (sql: string, params?: unknown[]): Promise<any[]> => replica.query(sql, params);

  beforeAll(async () => {
    primary = await startPrivateMariadb({ binlog: true });
    replica = await startPrivateMariadb({ replicaOf: primary });
    const env = { DATABASE_REPLICA_URLS: replica.database.url, REPLICA_CHECK_MS: String(CHECK_MS), DB_QUERY_TIMEOUT_MS: '2000' };
    tolerant = await startTestApp({ database: primary.database, env: { ...env, REPLICA_MAX_LAG_MS: '60000' } });
    const dead = `mysql://root@127.0.0.1:${await closedPort()}/${replica.database.name}`;
    strict = await startTestApp({
      database: primary.database,
      clock: tolerant.clock,
      wechat: tolerant.wechat,
      env: {
        ...env,
        DATABASE_REPLICA_URLS: `${replica.database.url},${dead}`,
        REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
        DB_ACQUIRE_TIMEOUT_MS: '1500',
        DB_CONNECT_TIMEOUT_MS: '1500',
      },
    });
    op = await tolerant.createAdmin('operator');
    // A product whose title only the replica has says which server answered.
    marked = (await createShopProduct(tolerant, op)).productId;
    await until('the product replicated', async () => (await onReplica('SELECT id FROM product WHERE id = ?', [marked])).length === 1);
    await onReplica("UPDATE product SET title = '副本的标题' WHERE id = ?", [marked]);
    await until('both instances use the replica', () => usable(tolerant) && usable(strict));
  }, 180_000);

  afterAll(async () => {
    replica?.resume();
    await strict?.close();
    await tolerant?.close();
    await replica?.stop();
    await primary?.stop();
  });

  it('serves catalog, review and report reads from the replica, and the admin view of an edit from the primary', async () => {
    expect(await title(tolerant, marked)).toBe('副本的标题');
    const listed = await tolerant.http.get(`/api/v1/products?keyword=${encodeURIComponent('测试商品')}`);
    expect(listed.body.items.map((p: { id: number; title: string }) => [p.id, p.title])).toContainEqual([marked, '副本的标题']);
    const admin = await tolerant.http.get(`/api/v1/admin/products/${marked}`, { token: op });
    expect(admin.body.title).not.toBe('副本的标题');
    expect((await tolerant.http.get(`/api/v1/products/${marked}/reviews`)).status).toBe(200);
    expect((await tolerant.http.get('/api/v1/admin/dashboard', { token: op })).status).toBe(200);
    // A replica that was down from the start takes no reads: every one goes to the other.
    expect(strict.app.get(ReadReplicas).states()[1]).toMatchObject({ up: false, usable: false });
    for (let i = 0; i < 4; i++) expect(await title(strict, marked)).toBe('副本的标题');
    const metrics = (await tolerant.http.get('/metrics')).text;
    const host = new URL(replica.server).host;
    expect(metrics).toContain(`db_replica_usable{replica="${host}"} 1`);
    expect(metrics).toMatch(/db_replica_reads_total\{server="replica"\} [1-9]/);
  });

  it("reads a caller's own writes on the primary while the replica is behind (cart, order, admin edit)", async () => {
    await onReplica('STOP SLAVE SQL_THREAD');
    try {
      const fresh = await createShopProduct(tolerant, op, [{ price: 1200, stock: 10 }]);
      // The shopper catalog is the replica's, which has not seen the product yet...
      expect(await title(tolerant, fresh.productId)).toBe(404);
      // ...while the admin sees their edit, and a shopper their cart and the order they just placed.
      const edit = await tolerant.http.patch(`/api/v1/admin/products/${fresh.productId}`, { title: '刚改的标题' }, { token: op });
      expect(edit.status).toBe(200);
      expect((await tolerant.http.get(`/api/v1/admin/products/${fresh.productId}`, { token: op })).body.title).toBe('刚改的标题');
      const { token } = await tolerant.loginUser();
      expect((await tolerant.http.post('/api/v1/cart/items', { skuId: fresh.skuIds[0], quantity: 2 }, { token })).status).toBe(201);
      expect((await tolerant.http.get('/api/v1/cart', { token })).body.totals.itemsTotal).toBe(2400);
      const addressId = await createAddress(tolerant, token);
      const order = await placeOrder(tolerant, token, { items: [{ skuId: fresh.skuIds[0]!, quantity: 1 }], addressId });
      expect(order.status).toBe(201);
      const read = await tolerant.http.get(`/api/v1/orders/${order.body.id}`, { token });
      expect([read.status, read.body.items?.[0]?.skuId]).toEqual([200, fresh.skuIds[0]]);
      expect(usable(tolerant)).toBe(true);
    } finally {
      await onReplica('START SLAVE SQL_THREAD');
    }
  });

  it('skips a replica that lags past the bound, and uses it again once it has caught up', async () => {
    await until('the replica caught up', () => usable(strict));
    expect(await title(strict, marked)).toBe('副本的标题');
    await onReplica('STOP SLAVE SQL_THREAD');
    let resumed = false;
    try {
      const skippedIn = await until('reads left the lagging replica', async () => (await title(strict, marked)) !== '副本的标题', 10_000);
      expect(skippedIn).toBeLessThan(BOUND_MS);
      expect(await title(strict, marked)).toMatch(/^测试商品/); // the primary's
      expect(strict.app.get(ReadReplicas).states()[0]).toMatchObject({ up: true, usable: false });
      await onReplica('START SLAVE SQL_THREAD');
      resumed = true;
      await until('reads back on the replica', async () => (await title(strict, marked)) === '副本的标题');
      process.stdout.write(`read replicas: a replica stopped applying changes was skipped after ${skippedIn} ms\n`);
    } finally {
      if (!resumed) await onReplica('START SLAVE SQL_THREAD');
    }
  });

  it('skips a replica that stops answering: requests keep answering from the primary, in bounded time', async () => {
    await until('the replica in use', async () => usable(strict) && (await title(strict, marked)) === '副本的标题');
    await replica.freeze();
    let resumed = false;
    try {
      // The background check notices within two check intervals (a probe unanswered by the next check)...
      const detection = until('the frozen replica skipped', () => !usable(strict), 5000);
      // ...and requests already on their way to it wait for the statement timeout (2 s), then run on the primary.
      const first = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const start = Date.now();
          return { title: await title(strict, marked), ms: Date.now() - start };
        }),
      );
      for (const r of first) expect(r.title).toMatch(/^测试商品/);
      expect(Math.max(...first.map((r) => r.ms))).toBeLessThan(2000 + 1500);
      const skippedIn = await detection;
      expect(skippedIn).toBeLessThan(DOWN_AFTER_MS + CHECK_MS + 1000);
      // Once skipped, reads go straight to the primary.
      const start = Date.now();
      expect(await title(strict, marked)).toMatch(/^测试商品/);
      expect(Date.now() - start).toBeLessThan(500);
      expect((await strict.http.get('/readyz')).status).toBe(200);
      replica.resume();
      resumed = true;
      await until('reads back on the replica', async () => (await title(strict, marked)) === '副本的标题');
      process.stdout.write(
        `read replicas: a frozen replica was skipped after ${skippedIn} ms; requests under way answered in ≤ ${Math.max(...first.map((r) => r.ms))} ms\n`,
      );
    } finally {
      if (!resumed) replica.resume();
    }
  });
});
