import { startTestApp, type TestApp } from '@app/testing';
import { boughtOrder, newBuyer, product, review } from './review-fixtures';

/**
 * The review summary from the read cache (its `reviews` scope) on two instances sharing one database and one clock: a
 * review published, hidden or shown through one shows in the other's summary once its version check is due
 * (CATALOG_CACHE_CHECK_MS), never later, and such a change leaves the cached catalog answers alone. The clock is
 * moved instead of waiting.
 */
describe('reviews: cached summary across instances', () => {
  const env = {
    CONTENT_IMAGE_HOSTS: 'img.example.com',
    CATALOG_CACHE_MB: '8',
    CATALOG_CACHE_CHECK_MS: '500',
    CATALOG_CACHE_MAX_AGE_MS: '10000',
  };
  let a: TestApp;
  let b: TestApp;
  let owner: string;

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env, database: a.db, clock: a.clock });
    owner = await a.loginAdmin();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const summary = async (t: TestApp, productId: number): Promise<{ count: number; average: number }> => {
    const res = await t.http.get(`/api/v1/products/${productId}/reviews/summary`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    return res.body;
  };

  it('shows a review published on another instance within the check interval', async () => {
    const p = await product(a, owner, 2);
    const [first, second] = [await newBuyer(a), await newBuyer(a)];
    const orders = [await boughtOrder(a, owner, first, [p.skuIds[0]!]), await boughtOrder(a, owner, second, [p.skuIds[1]!])];
    a.clock.advance(1000);
    expect(await summary(b, p.productId)).toMatchObject({ productId: p.productId, count: 0 });

    const published = await review(a, first, { orderItemId: orders[0]!.itemIds[0], rating: 5, content: '很好' });
    expect([published.status, published.body.status]).toEqual([201, 'published']);
    // Within the interval instance b may answer from its cache (the clock has not moved: it does)...
    expect((await summary(b, p.productId)).count).toBe(0);
    // ...and once the interval has passed it no longer does.
    a.clock.advance(500);
    expect(await summary(b, p.productId)).toMatchObject({ count: 1, average: 5 });
    // Instance a's own cache follows the same rule.
    expect((await summary(a, p.productId)).count).toBe(1);

    await review(a, second, { orderItemId: orders[1]!.itemIds[0], rating: 1, content: '一般' });
    a.clock.advance(500);
    expect(await summary(b, p.productId)).toMatchObject({ count: 2, average: 3 });
  });

  it('follows a review hidden and shown again by an operator, and leaves the cached product page alone', async () => {
    const p = await product(a, owner, 1);
    const buyer = await newBuyer(a);
    const order = await boughtOrder(a, owner, buyer, [p.skuIds[0]!]);
    const posted = (await review(a, buyer, { orderItemId: order.itemIds[0], rating: 4, content: '不错' })).body;
    a.clock.advance(1000);
    expect((await summary(b, p.productId)).count).toBe(1);
    const page = await b.http.get(`/api/v1/products/${p.productId}`);
    expect(page.status).toBe(200);
    // A price written behind the cache's back (no version bump): b keeps its cached page until the entry expires.
    await a.sql('UPDATE sku SET price = price + 100 WHERE product_id = ?', [p.productId]);

    const operator = await a.createAdmin('operator');
    expect((await a.http.post(`/api/v1/admin/reviews/${posted.id}/hide`, { reason: '核实' }, { token: operator })).status).toBe(200);
    a.clock.advance(500);
    expect((await summary(b, p.productId)).count).toBe(0);
    // The reviews' version changed, not the catalog's: b's product page is still the cached one.
    expect((await b.http.get(`/api/v1/products/${p.productId}`)).body).toEqual(page.body);

    expect((await a.http.post(`/api/v1/admin/reviews/${posted.id}/show`, { reason: '误判' }, { token: operator })).status).toBe(200);
    expect((await summary(b, p.productId)).count).toBe(0);
    a.clock.advance(500);
    expect(await summary(b, p.productId)).toMatchObject({ count: 1, average: 4 });
  });
});
