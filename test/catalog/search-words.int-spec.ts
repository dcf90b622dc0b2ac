// The popular words' counter is internal to the catalog; the test flushes it instead of waiting for its timer.
import { SearchWordsService } from '@app/catalog/testing';
import { startTestApp, type TestApp } from '@app/testing';
import { createCategory, createProduct, productDoc } from './catalog-fixtures';

/** The starter's search page: history per shopper, popular words, suggestions while typing. */
describe('catalog: search words', () => {
  let t: TestApp;
  let op: string;
  let words: SearchWordsService;

  const searchFor = (keyword: string, page = 1): Promise<unknown> =>
    t.http.get(`/api/v1/products?keyword=${encodeURIComponent(keyword)}&page=${page}`);

  beforeAll(async () => {
    t = await startTestApp();
    op = await t.createAdmin('operator');
    words = t.app.get(SearchWordsService);
    const leaf = await createCategory(t, op, { name: '咖啡豆' });
    for (const title of ['云南小粒咖啡豆', '云南普洱茶饼', '手冲咖啡壶']) await createProduct(t, op, productDoc(leaf.id, { title }));
    await createProduct(t, op, productDoc(leaf.id, { title: '云南白药牙膏', status: 'draft' }));
  });
  afterAll(() => t?.close());

  describe('history', () => {
    it("keeps each shopper's newest 10 words, a repeated word moving to the front, and clears", async () => {
      const a = await t.loginUser('search-a');
      const b = await t.loginUser('search-b');
      for (let i = 1; i <= 12; i++) {
        t.clock.advance(1000);
        const res = await t.http.post('/api/v1/search/history', { keyword: `词${i}` }, { token: a.token });
        expect(res.status).toBe(200);
      }
      t.clock.advance(1000);
      await t.http.post('/api/v1/search/history', { keyword: '  词5  ' }, { token: a.token });
      await t.http.post('/api/v1/search/history', { keyword: '别人的词' }, { token: b.token });

      const mine = await t.http.get('/api/v1/search/history', { token: a.token });
      expect(mine.body.words).toEqual(['词5', '词12', '词11', '词10', '词9', '词8', '词7', '词6', '词4', '词3']);
      expect((await t.http.get('/api/v1/search/history', { token: b.token })).body.words).toEqual(['别人的词']);

      expect((await t.http.delete('/api/v1/search/history', { token: a.token })).status).toBe(204);
      expect((await t.http.get('/api/v1/search/history', { token: a.token })).body.words).toEqual([]);
      expect((await t.http.get('/api/v1/search/history', { token: b.token })).body.words).toEqual(['别人的词']);
    });

    it('needs a shopper and refuses an empty or long keyword', async () => {
      expect((await t.http.get('/api/v1/search/history')).status).toBe(401);
      const { token } = await t.loginUser('search-c');
      expect((await t.http.post('/api/v1/search/history', { keyword: '   ' }, { token })).status).toBe(400);
      expect((await t.http.post('/api/v1/search/history', { keyword: 'x'.repeat(51) }, { token })).status).toBe(400);
      expect((await t.http.get('/api/v1/search/history', { token })).body.words).toEqual([]);
    });
  });

  describe('popular words', () => {
    it('counts first-page searches (not later pages, not empty words) and ranks by count', async () => {
      for (let i = 0; i < 3; i++) await searchFor('咖啡');
      await searchFor('咖啡', 2);
      for (let i = 0; i < 2; i++) await searchFor('普洱');
      await searchFor('云南');
      await searchFor('!!!');
      await words.flush();
      const counts = await t.sql('SELECT word, search_count AS n FROM search_word ORDER BY search_count DESC, word');
      expect(counts).toEqual([
        { word: '咖啡', n: 3 },
        { word: '普洱', n: 2 },
        { word: '云南', n: 1 },
      ]);
      await searchFor('咖啡');
      await words.flush();
      expect((await t.sql("SELECT search_count AS n FROM search_word WHERE word = '咖啡'"))[0].n).toBe(4);
      expect((await t.http.get('/api/v1/search/popular')).body).toEqual({ words: ['咖啡', '普洱', '云南'] });
    });

    it('puts operator-pinned words first, in their order; an empty list unpins', async () => {
      const res = await t.http.put('/api/v1/admin/search/pinned-words', { words: ['新品', '云南'] }, { token: op });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ words: ['新品', '云南', '咖啡', '普洱'] });
      expect((await t.http.get('/api/v1/search/popular')).body).toEqual({ words: ['新品', '云南', '咖啡', '普洱'] });

      const list = await t.http.get('/api/v1/admin/search/words', { token: op });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({ word: '咖啡', searchCount: 4, pinnedSort: null }),
        expect.objectContaining({ word: '普洱', searchCount: 2, pinnedSort: null }),
        expect.objectContaining({ word: '云南', searchCount: 1, pinnedSort: 1 }),
        expect.objectContaining({ word: '新品', searchCount: 0, pinnedSort: 0 }),
      ]);

      const viewer = await t.createAdmin('viewer');
      expect((await t.http.put('/api/v1/admin/search/pinned-words', { words: [] }, { token: viewer })).status).toBe(403);
      expect((await t.http.put('/api/v1/admin/search/pinned-words', { words: [''] }, { token: op })).status).toBe(400);
      expect((await t.http.put('/api/v1/admin/search/pinned-words', { words: [] }, { token: op })).body).toEqual({
        words: ['咖啡', '普洱', '云南'],
      });
    });
  });

  it('suggests popular words and on-sale titles by prefix', async () => {
    const res = await t.http.get(`/api/v1/search/suggestions?q=${encodeURIComponent('云南')}`);
    expect(res.status).toBe(200);
    expect(res.body.suggestions).toEqual([
      { text: '云南', productId: null },
      { text: '云南小粒咖啡豆', productId: expect.any(Number) },
      { text: '云南普洱茶饼', productId: expect.any(Number) },
    ]);
    // Wildcards are plain characters; nothing starts with them.
    expect((await t.http.get(`/api/v1/search/suggestions?q=${encodeURIComponent('%')}`)).body.suggestions).toEqual([]);
    expect((await t.http.get('/api/v1/search/suggestions?q=')).status).toBe(400);
  });
});
