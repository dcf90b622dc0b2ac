import { Injectable } from '@nestjs/common';
import { type EntityManager, In, IsNull } from 'typeorm';
import { Clock, type FieldError } from '@app/common';
import { TransactionRunner, writeLock } from '@app/database';
import { bumpCatalogVersion } from './catalog-cache';
import { CatalogErrors } from './catalog.errors';
import { CatalogQueryService } from './catalog-query.service';
import { CategoriesService } from './categories.service';
import type { AdminProductView } from './dto/catalog.mappers';
import type { CreateProductDto, SkuDto, SpecDto, UpdateProductDto } from './dto/product.dto';
import { InventoryService } from './inventory.service';
import { checkMatrix, priceSummary, specKeyOf, specTextOf } from './product-matrix';
import { ProductSpec } from './product-spec.entity';
import { Product, type ProductStatus } from './product.entity';
import { indexProducts } from './search-index';
import { Sku } from './sku.entity';

/**
 * Admin writes of the product document (SPU + specs + SKU matrix). The matrix is checked before any write;
 * every write locks the product row, so edits of one product serialize, and derived listing prices are
 * rewritten in the same transaction as the SKUs.
 */
@Injectable()
export class ProductsService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly categories: CategoriesService,
    private readonly inventory: InventoryService,
    private readonly query: CatalogQueryService,
  ) {}

  async create(dto: CreateProductDto): Promise<AdminProductView> {
    const errors = checkMatrix(dto.specs, dto.skus);
    dto.skus.forEach((s, i) => {
      if (s.id !== undefined) errors.push({ field: `skus[${i}].id`, errors: [`SKU ${s.id} does not belong to this product`] });
    });
    if (errors.length > 0) throw CatalogErrors.invalid(errors);
    const status = dto.status ?? 'draft';
    return this.tx.run(async (m) => {
      await this.categories.lockForProducts(m, dto.categoryId);
      const now = this.clock.now();
      const { identifiers } = await m.getRepository(Product).insert({
        categoryId: dto.categoryId,
        title: dto.title,
        subtitle: dto.subtitle ?? '',
        mainImage: dto.mainImage,
        images: dto.images ?? [],
        detailImages: dto.detailImages ?? [],
        status,
        limitPerOrder: dto.limitPerOrder ?? null,
        limitPerUser: dto.limitPerUser ?? null,
        ...priceSummary(dto.skus),
        salesCount: 0,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      const productId = (identifiers[0] as { id: number }).id;
      await this.writeSpecs(m, productId, dto.specs);
      await this.insertSkus(
        m,
        productId,
        dto.skus.map((sku, sort) => ({ sku, sort })),
      );
      await indexProducts(m, [productId]);
      await bumpCatalogVersion(m);
      return this.query.adminDetail(m, productId);
    });
  }

  async update(id: number, dto: UpdateProductDto): Promise<AdminProductView> {
    if ((dto.specs === undefined) !== (dto.skus === undefined)) {
      const missing = dto.specs === undefined ? 'specs' : 'skus';
      throw CatalogErrors.field(missing, 'specs and skus replace the matrix together: send both');
    }
    if (dto.specs && dto.skus) {
      const errors = checkMatrix(dto.specs, dto.skus);
      if (errors.length > 0) throw CatalogErrors.invalid(errors);
    }
    return this.tx.run(async (m) => {
      const product = await this.lock(m, id);
      if (dto.categoryId !== undefined && dto.categoryId !== product.categoryId) await this.categories.lockForProducts(m, dto.categoryId);
      const patch: Partial<Product> = { updatedAt: this.clock.now() };
      if (dto.specs && dto.skus) Object.assign(patch, await this.replaceMatrix(m, id, dto.specs, dto.skus));
      for (const key of [
        'categoryId',
        'title',
        'subtitle',
        'mainImage',
        'images',
        'detailImages',
        'status',
        'limitPerOrder',
        'limitPerUser',
      ] as const) {
        if (dto[key] !== undefined) Object.assign(patch, { [key]: dto[key] });
      }
      await this.assertSellable(m, id, patch.status ?? product.status);
      await m.getRepository(Product).update({ id }, patch);
      await indexProducts(m, [id]);
      await bumpCatalogVersion(m);
      return this.query.adminDetail(m, id);
    });
  }

  /** Soft delete: hidden everywhere; SKUs disabled so nothing can reserve them; order history keeps the rows. */
  async remove(id: number): Promise<void> {
    await this.tx.run(async (m) => {
      await this.lock(m, id);
      const now = this.clock.now();
      await m.getRepository(Product).update({ id }, { deletedAt: now, updatedAt: now });
      await m.getRepository(Sku).update({ productId: id }, { status: 'disabled', specKey: null, updatedAt: now });
      await indexProducts(m, [id]);
      await bumpCatalogVersion(m);
    });
  }

  /**
   * Applies a new matrix: SKUs sent with `id` keep id and stock (their other fields are rewritten), new ones are
   * inserted with their initial stock, SKUs left out are disabled. Returns the new listing prices.
   */
  private async replaceMatrix(m: EntityManager, productId: number, specs: SpecDto[], skus: SkuDto[]): Promise<Partial<Product>> {
    const existing = await m.getRepository(Sku).find({ where: { productId }, select: { id: true } });
    const own = new Set(existing.map((s) => s.id));
    const foreign: FieldError[] = [];
    skus.forEach((s, i) => {
      if (s.id !== undefined && !own.has(s.id))
        foreign.push({ field: `skus[${i}].id`, errors: [`SKU ${s.id} does not belong to this product`] });
    });
    if (foreign.length > 0) throw CatalogErrors.invalid(foreign);

    const now = this.clock.now();
    // Free every combination first, so SKUs may swap or rename values without tripping the unique index midway.
    if (existing.length > 0) await m.getRepository(Sku).update({ productId }, { specKey: null });
    const kept = new Set<number>();
    const fresh: { sku: SkuDto; sort: number }[] = [];
    for (const [sort, sku] of skus.entries()) {
      if (sku.id === undefined) {
        fresh.push({ sku, sort });
        continue;
      }
      kept.add(sku.id);
      await m.getRepository(Sku).update({ id: sku.id }, { ...this.skuFields(sku, sort), status: 'enabled', updatedAt: now });
    }
    const dropped = existing.filter((s) => !kept.has(s.id)).map((s) => s.id);
    if (dropped.length > 0) await m.getRepository(Sku).update({ id: In(dropped) }, { status: 'disabled', updatedAt: now });
    await this.insertSkus(m, productId, fresh);
    await m.getRepository(ProductSpec).delete({ productId });
    await this.writeSpecs(m, productId, specs);
    return priceSummary(skus);
  }

  /** Inserts SKUs with stock 0, then gives them their initial stock through the ledger. */
  private async insertSkus(m: EntityManager, productId: number, skus: { sku: SkuDto; sort: number }[]): Promise<void> {
    if (skus.length === 0) return;
    const now = this.clock.now();
    await m.getRepository(Sku).insert(
      skus.map(({ sku, sort }) => ({
        productId,
        ...this.skuFields(sku, sort),
        stock: 0,
        salesCount: 0,
        status: 'enabled' as const,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // Read the ids back by combination rather than trusting consecutive auto-increment values.
    const keys = skus.map(({ sku }) => specKeyOf(sku.specValues));
    const rows = await m.getRepository(Sku).find({ where: { productId, specKey: In(keys) }, select: { id: true, specKey: true } });
    const idByKey = new Map(rows.map((r) => [r.specKey, r.id]));
    await this.inventory.addInitialStock(
      m,
      skus.map(({ sku }) => ({ skuId: idByKey.get(specKeyOf(sku.specValues))!, quantity: sku.stock ?? 0 })),
    );
  }

  private skuFields(sku: SkuDto, sort: number): Partial<Sku> {
    return {
      specValues: sku.specValues,
      specKey: specKeyOf(sku.specValues),
      specText: specTextOf(sku.specValues),
      price: sku.price,
      linePrice: sku.linePrice ?? null,
      code: sku.code ?? '',
      image: sku.image ?? null,
      sort,
    };
  }

  private async writeSpecs(m: EntityManager, productId: number, specs: SpecDto[]): Promise<void> {
    if (specs.length === 0) return;
    await m.getRepository(ProductSpec).insert(specs.map((s, sort) => ({ productId, name: s.name, values: s.values, sort })));
  }

  private async assertSellable(m: EntityManager, productId: number, status: ProductStatus): Promise<void> {
    if (status !== 'on_sale') return;
    if ((await m.getRepository(Sku).count({ where: { productId, status: 'enabled' } })) === 0) throw CatalogErrors.productNotSellable();
  }

  private async lock(m: EntityManager, id: number): Promise<Product> {
    const product = await m.getRepository(Product).findOne({ where: { id, deletedAt: IsNull() }, ...writeLock(m) });
    if (!product) throw CatalogErrors.productNotFound();
    return product;
  }
}
