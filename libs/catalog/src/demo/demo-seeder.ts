import type { DataSource, EntityManager, ObjectLiteral } from 'typeorm';
import { Banner } from '../banner.entity';
import { Category } from '../category.entity';
import { HomeSection } from '../home-section.entity';
import { ProductSpec } from '../product-spec.entity';
import { Product } from '../product.entity';
import { priceSummary, specKeyOf } from '../product-matrix';
import { Sku } from '../sku.entity';
import { StockMovement } from '../stock-movement.entity';
import { Store } from '../store.entity';
import type { DemoCatalog } from './demo-catalog';

export interface SeedResult {
  seeded: boolean;
  categories: number;
  products: number;
  skus: number;
  ms: number;
}

/** Rows per INSERT: well under MySQL's 65,535 placeholders and SQLite's 32,766 variables. */
const CHUNK = 1000;

/**
 * Bulk-loads a generated catalog with multi-row INSERTs, in one transaction. An offline loader (first boot of
 * the demo, `npm run seed:demo`): it allocates ids itself after the current maximum, writes each SKU with its
 * stock and the matching `initial` ledger row, so `sku.stock == SUM(stock_movement.delta)` holds from the start.
 * With `onlyIfEmpty`, it does nothing when the catalog already has a category or a product.
 */
export async function seedDemoCatalog(
  ds: DataSource,
  catalog: DemoCatalog,
  opts: { now: Date; onlyIfEmpty?: boolean },
): Promise<SeedResult> {
  const started = Date.now();
  return ds.transaction(async (m) => {
    if (opts.onlyIfEmpty && ((await m.getRepository(Category).count()) > 0 || (await m.getRepository(Product).count()) > 0))
      return { seeded: false, categories: 0, products: 0, skus: 0, ms: Date.now() - started };
    const now = opts.now;
    const ids = await nextIds(m);

    const categoryIds = catalog.categories.map((_, i) => ids.category + i);
    await insertAll(
      m,
      Category,
      catalog.categories.map((c, i) => ({
        id: categoryIds[i],
        parentId: c.parent === null ? null : categoryIds[c.parent],
        name: c.name,
        iconUrl: c.iconUrl,
        sort: c.sort,
        isVisible: true,
        createdAt: now,
        updatedAt: now,
      })),
    );

    const products: ObjectLiteral[] = [];
    const specs: ObjectLiteral[] = [];
    const skus: ObjectLiteral[] = [];
    const ledger: ObjectLiteral[] = [];
    let skuId = ids.sku;
    catalog.products.forEach((p, i) => {
      const productId = ids.product + i;
      const createdAt = new Date(now.getTime() - p.ageMs);
      products.push({
        id: productId,
        categoryId: categoryIds[p.category],
        title: p.title,
        subtitle: p.subtitle,
        mainImage: p.mainImage,
        images: p.images,
        detailImages: p.detailImages,
        status: p.status,
        ...priceSummary(p.skus),
        salesCount: p.skus.reduce((n, s) => n + s.salesCount, 0),
        createdAt,
        updatedAt: createdAt,
        deletedAt: null,
      });
      p.specs.forEach((s, sort) => specs.push({ productId, name: s.name, values: s.values, sort }));
      p.skus.forEach((s, sort) => {
        const id = skuId++;
        skus.push({
          id,
          productId,
          specValues: s.specValues,
          specKey: specKeyOf(s.specValues),
          specText: s.specText,
          price: s.price,
          linePrice: s.linePrice,
          stock: s.stock,
          salesCount: s.salesCount,
          code: s.code,
          image: null,
          status: 'enabled',
          sort,
          createdAt,
          updatedAt: createdAt,
        });
        ledger.push({
          skuId: id,
          delta: s.stock,
          reason: 'initial',
          refType: null,
          refId: null,
          stockAfter: s.stock,
          adminId: null,
          note: 'demo seed',
          createdAt,
        });
      });
    });
    await insertAll(m, Product, products);
    await insertAll(m, ProductSpec, specs);
    await insertAll(m, Sku, skus);
    await insertAll(m, StockMovement, ledger);

    const productId = (index: number | null): number | null => (index === null ? null : ids.product + index);
    await insertAll(
      m,
      Banner,
      catalog.banners.map((b) => ({
        title: b.title,
        image: b.image,
        link: { type: b.link.type, id: b.link.type === 'category' ? categoryIds[b.link.index!] : productId(b.link.index), url: null },
        sort: b.sort,
        isActive: true,
        startsAt: null,
        endsAt: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await insertAll(
      m,
      HomeSection,
      catalog.sections.map((s) => ({
        title: s.title,
        subtitle: s.subtitle,
        image: null,
        link: { type: 'none', id: null, url: null },
        productIds: s.products.map((i) => ids.product + i),
        sort: s.sort,
        isActive: true,
        startsAt: null,
        endsAt: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await insertAll(
      m,
      Store,
      catalog.stores.map((s, sort) => ({ ...s, status: 'active', sort, createdAt: now, updatedAt: now })),
    );
    return { seeded: true, categories: categoryIds.length, products: products.length, skus: skus.length, ms: Date.now() - started };
  });
}

async function nextIds(m: EntityManager): Promise<{ category: number; product: number; sku: number }> {
  const max = async (entity: typeof Category | typeof Product | typeof Sku): Promise<number> => {
    const row = await m
      .getRepository(entity)
      .createQueryBuilder('x')
      .select('MAX(x.id)', 'max')
      .getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0) + 1;
  };
  return { category: await max(Category), product: await max(Product), sku: await max(Sku) };
}

async function insertAll(m: EntityManager, entity: Function, rows: ObjectLiteral[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await m
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(i, i + CHUNK))
      .updateEntity(false)
      .execute();
  }
}
