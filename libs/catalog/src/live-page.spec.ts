import { toShopperProductView } from './dto/catalog.mappers';
import { LivePage } from './live-page';

describe('LivePage', () => {
  const sku = (id: number, stock: number, salesCount: number) => ({
    id,
    specValues: ['白', `"stock":${id}`],
    specText: `白 / "salesCount":1`,
    price: 9900,
    linePrice: null,
    stock,
    salesCount,
    image: null,
    sort: id,
  });
  const view = (skus: ReturnType<typeof sku>[], salesCount: number) =>
    toShopperProductView(
      {
        id: 7,
        categoryId: 3,
        // Keys typed into text are escaped in the body: never taken for a number's place.
        title: '衬衫 "stock":5, "available":true',
        subtitle: '',
        mainImage: 'a.jpg',
        images: ['a.jpg'],
        detailImages: [],
        minPrice: 9900,
        maxPrice: 9900,
        linePrice: null,
        salesCount,
        limitPerOrder: 0,
        limitPerUser: 0,
      },
      [{ id: 1, name: '颜色', values: ['白'], sort: 0 }],
      skus,
    );

  it('rewrites its numbers in place and keeps the rest of the body', () => {
    const page = LivePage.of(view([sku(11, 5, 1), sku(12, 1, 0)], 1), 1);
    expect(page.frozen).toBe(false);
    page.update([
      { id: 12, productId: 7, stock: 0, salesCount: 1, productSales: 2 },
      { id: 99, productId: 7, stock: 3, salesCount: 3, productSales: 2 }, // disabled: not on the page
    ]);
    expect(page.body.toString()).toBe(JSON.stringify(view([sku(11, 5, 1), sku(12, 0, 1)], 2)));
    page.update([{ id: 11, productId: 7, stock: 1234567, salesCount: 10, productSales: 12 }]);
    expect(page.body.toString()).toBe(JSON.stringify(view([sku(11, 1234567, 10), sku(12, 0, 1)], 12)));
    expect(page.body.buffer.byteLength).toBe(page.body.byteLength); // its own allocation, not the shared pool's
  });

  it('is frozen when its numbers are not where it looks for them', () => {
    const v = { ...view([sku(11, 5, 1)], 1), extra: { stock: 1 } };
    const page = LivePage.of(v, 1);
    expect(page.frozen).toBe(true);
    page.update([{ id: 11, productId: 7, stock: 0, salesCount: 2, productSales: 2 }]);
    expect(page.body.toString()).toBe(JSON.stringify(v));
  });
});
