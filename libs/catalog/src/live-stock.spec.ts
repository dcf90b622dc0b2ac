import type { DataSource } from 'typeorm';
import { ManualClock } from '@app/common/testing';
import type { AppConfig } from '@app/config';
import type { ReadReplicas } from '@app/database';
import { CatalogCache } from './catalog-cache';
import { toShopperProductView } from './dto/catalog.mappers';
import type { LivePage } from './live-page';
import { LiveStock, productPageKey } from './live-stock';

describe('LiveStock', () => {
  const clock = new ManualClock(0);
  // The database: SKUs 11 and 12 of product 7, and the stock movements committed so far.
  let skus: Map<number, { stock: number; salesCount: number }>;
  let productSales: number;
  let movements: { id: number; skuId: number }[];
  const ds = {
    manager: {
      connection: { options: { type: 'sqljs' } },
      query: (text: string, params: unknown[]) => {
        if (text.includes('catalog_version')) return Promise.resolve([{ id: 1, version: 1 }]);
        if (text.includes('MAX(id)')) return Promise.resolve([{ id: Math.max(0, ...movements.map((m) => m.id)) }]);
        if (text.includes('FROM stock_movement'))
          return Promise.resolve(movements.filter((m) => m.id > Number(params[0])).sort((a, b) => a.id - b.id));
        if (text.includes('FROM sku s'))
          return Promise.resolve(
            params.map((id) => ({ id, productId: 7, ...skus.get(Number(id))!, productSales })).filter((r) => r.stock !== undefined),
          );
        throw new Error(`unexpected statement ${text}`);
      },
    },
  } as unknown as DataSource;
  const config = { catalogCache: { maxBytes: 1 << 20, checkMs: 500, maxAgeMs: 10_000 } } as AppConfig;
  let cache: CatalogCache;
  let live: LiveStock;

  const view = () =>
    toShopperProductView(
      {
        id: 7,
        categoryId: 3,
        title: '衬衫',
        subtitle: '',
        mainImage: 'a.jpg',
        images: [],
        detailImages: [],
        minPrice: 100,
        maxPrice: 100,
        linePrice: null,
        salesCount: productSales,
        limitPerOrder: 0,
        limitPerUser: 0,
      },
      [],
      [...skus].map(([id, s]) => ({ id, specValues: [], specText: '', price: 100, linePrice: null, image: null, sort: id, ...s })),
    );
  /** What CatalogQueryService.shopperDetail does, with the page read given. */
  const detail = async (read: () => Promise<ReturnType<typeof view>> = () => Promise.resolve(view())): Promise<any> => {
    await live.current();
    let seq: number | undefined;
    try {
      const page = await cache.get(
        productPageKey(7),
        async () => {
          const p = await live.load(read, false);
          seq = p.seq;
          return p;
        },
        'catalog',
        (p: LivePage) => (p.live ? Infinity : undefined),
      );
      return JSON.parse(page.body.toString());
    } finally {
      if (seq !== undefined) live.settle(seq);
    }
  };
  /** A committed stock change of SKU `id` with its movement `movementId`. */
  const move = (movementId: number, id: number, delta: number) => {
    const s = skus.get(id)!;
    skus.set(id, { stock: s.stock + delta, salesCount: s.salesCount - Math.min(delta, 0) });
    productSales -= Math.min(delta, 0);
    movements.push({ id: movementId, skuId: id });
  };
  const stockOf = (page: any, id: number): number => page.skus.find((s: any) => s.id === id).stock;

  beforeEach(async () => {
    skus = new Map([
      [11, { stock: 10, salesCount: 0 }],
      [12, { stock: 5, salesCount: 0 }],
    ]);
    productSales = 0;
    movements = [{ id: 3, skuId: 11 }];
    cache?.onApplicationShutdown();
    live?.onApplicationShutdown();
    cache = new CatalogCache(ds, clock, { staleBoundMs: 0 } as ReadReplicas, config);
    live = new LiveStock(ds, clock, cache, config);
    await detail(); // the first poll: pages read within its window expire by age
    clock.advance(10_000);
  });
  afterAll(() => {
    cache.onApplicationShutdown();
    live.onApplicationShutdown();
  });

  it('keeps a page past its age and shows each movement within the interval, one that commits late too', async () => {
    expect(stockOf(await detail(), 11)).toBe(10);
    move(5, 11, -2); // id 4 is another transaction's, not committed yet
    clock.advance(500);
    let page = await detail();
    expect([stockOf(page, 11), page.stock, page.salesCount]).toEqual([8, 13, 2]);
    move(4, 12, -1);
    clock.advance(500);
    page = await detail();
    expect([stockOf(page, 12), page.stock, page.salesCount]).toEqual([4, 12, 3]);
    expect(page.skus.find((s: any) => s.id === 12).salesCount).toBe(1);
    // Kept, not read again (the view would show this change; the polls do not report it: no movement).
    skus.set(12, { stock: 99, salesCount: 1 });
    clock.advance(60_000);
    expect(stockOf(await detail(), 12)).toBe(4);
  });

  it('gives a page that was being read the numbers a poll read meanwhile', async () => {
    let resolve!: (v: ReturnType<typeof view>) => void;
    let started!: () => void;
    const readStarted = new Promise<void>((r) => (started = r));
    const reading = detail(() => {
      started();
      return new Promise((r) => (resolve = r));
    });
    await readStarted;
    const before = view(); // read before the movement commits...
    move(6, 11, -3);
    clock.advance(500);
    await live.current(); // ...the poll reports it while the read is under way...
    resolve(before); // ...and the read answers what it saw
    expect(stockOf(await reading, 11)).toBe(7);
    expect(stockOf(await detail(), 11)).toBe(7);
  });
});
