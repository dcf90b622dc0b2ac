import { checkMatrix } from '../product-matrix';
import { buildDemoCatalog } from './demo-catalog';

describe('buildDemoCatalog', () => {
  it('is deterministic for a seed', () => {
    expect(buildDemoCatalog({ seed: 7 })).toEqual(buildDemoCatalog({ seed: 7 }));
    expect(buildDemoCatalog({ seed: 7 })).not.toEqual(buildDemoCatalog({ seed: 8 }));
  });

  it('builds a two-level tree with products in leaves only', () => {
    const c = buildDemoCatalog();
    const leaves = new Set(c.categories.map((x, i) => (x.parent !== null ? i : -1)).filter((i) => i >= 0));
    for (const cat of c.categories) if (cat.parent !== null) expect(c.categories[cat.parent]!.parent).toBeNull();
    for (const p of c.products) expect(leaves.has(p.category)).toBe(true);
    expect(c.categories.filter((x) => x.parent === null).length).toBeGreaterThanOrEqual(3);
    expect(c.stores).toHaveLength(2);
    expect(c.banners.length).toBeGreaterThan(0);
  });

  it('produces valid matrices, also at benchmark size', () => {
    const c = buildDemoCatalog({ products: 2000, skusPerProduct: 3 });
    expect(c.products).toHaveLength(2000);
    for (const p of c.products) {
      expect(p.skus).toHaveLength(3);
      expect(checkMatrix(p.specs, p.skus)).toEqual([]);
      expect(p.specs.length).toBeLessThanOrEqual(3);
      expect(p.title.length).toBeLessThanOrEqual(60);
    }
    expect(new Set(c.products.map((p) => p.title)).size).toBe(2000);
    expect(c.products.some((p) => p.status !== 'on_sale')).toBe(true);
  });
});
