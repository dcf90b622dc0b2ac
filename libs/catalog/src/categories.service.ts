import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Clock } from '@app/common';
import { ReadReplicas, select, TransactionRunner, writeLock } from '@app/database';
import { bumpCatalogVersion, CatalogCache } from './catalog-cache';
import { CatalogErrors } from './catalog.errors';
import { CATEGORY_WITH_CHILDREN } from './catalog.sql';
import { Category } from './category.entity';
import { toCategoryTree, toCategoryView, type CategoryView } from './dto/catalog.mappers';
import type { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';
import { Product } from './product.entity';
import { indexCategories } from './search-index';

/**
 * The two-level category tree. Rules: a subcategory's parent is a top-level category; a category that holds
 * products gets no subcategories (products live in categories without children); a category with
 * subcategories or (non-deleted) products cannot be deleted. Writes lock the rows involved, and product
 * writes lock their category too, so these rules hold under concurrency.
 */
@Injectable()
export class CategoriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly cache: CatalogCache,
    private readonly replicas: ReadReplicas,
  ) {}

  /** Shopper tree: visible categories whose parent is visible too (cached). */
  visibleTree(): Promise<CategoryView[]> {
    return this.cache.get('categories', () =>
      this.replicas.read(async (m) => toCategoryTree(await m.getRepository(Category).find({ where: { isVisible: true } }))),
    );
  }

  async adminTree(): Promise<CategoryView[]> {
    return toCategoryTree(await this.ds.getRepository(Category).find());
  }

  async get(id: number): Promise<CategoryView> {
    const c = await this.ds.getRepository(Category).findOne({ where: { id } });
    if (!c) throw CatalogErrors.categoryNotFound();
    return toCategoryView(c);
  }

  async create(dto: CreateCategoryDto): Promise<CategoryView> {
    return this.tx.run(async (m) => {
      const parentId = dto.parentId ?? null;
      if (parentId !== null) await this.checkParent(m, parentId);
      const now = this.clock.now();
      const { identifiers } = await m.getRepository(Category).insert({
        name: dto.name,
        parentId,
        iconUrl: dto.iconUrl ?? '',
        sort: dto.sort ?? 0,
        isVisible: dto.isVisible ?? true,
        createdAt: now,
        updatedAt: now,
      });
      await bumpCatalogVersion(m);
      return toCategoryView(await m.getRepository(Category).findOneByOrFail({ id: (identifiers[0] as { id: number }).id }));
    });
  }

  async update(id: number, dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.tx.run(async (m) => {
      const category = await this.lock(m, id);
      if (!category) throw CatalogErrors.categoryNotFound();
      const parentId = dto.parentId === undefined ? category.parentId : dto.parentId;
      if (parentId !== category.parentId && parentId !== null) {
        if (parentId === id) throw CatalogErrors.field('parentId', 'a category cannot be its own parent');
        if ((await m.getRepository(Category).count({ where: { parentId: id } })) > 0) throw CatalogErrors.categoryDepth();
        await this.checkParent(m, parentId);
      }
      const patch: Partial<Category> = { parentId, updatedAt: this.clock.now() };
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.iconUrl !== undefined) patch.iconUrl = dto.iconUrl;
      if (dto.sort !== undefined) patch.sort = dto.sort;
      if (dto.isVisible !== undefined) patch.isVisible = dto.isVisible;
      await m.getRepository(Category).update({ id }, patch);
      // Category names are part of the products' search documents (a top category's name, of its leaves' products).
      if ((dto.name !== undefined && dto.name !== category.name) || parentId !== category.parentId)
        await indexCategories(m, await this.withChildren(m, id));
      await bumpCatalogVersion(m);
      return toCategoryView(await m.getRepository(Category).findOneByOrFail({ id }));
    });
  }

  async remove(id: number): Promise<void> {
    await this.tx.run(async (m) => {
      if (!(await this.lock(m, id))) throw CatalogErrors.categoryNotFound();
      const children = await m.getRepository(Category).count({ where: { parentId: id } });
      const products = await m.getRepository(Product).count({ where: { categoryId: id, deletedAt: IsNull() } });
      if (children > 0 || products > 0) throw CatalogErrors.categoryNotEmpty(children, products);
      await m.getRepository(Category).delete({ id });
      await bumpCatalogVersion(m);
    });
  }

  /**
   * For product writes: locks the category (so it cannot gain children or disappear meanwhile) and checks it can
   * hold products: it exists and has no subcategories.
   */
  async lockForProducts(m: EntityManager, categoryId: number): Promise<void> {
    if (!(await this.lock(m, categoryId))) throw CatalogErrors.field('categoryId', `category ${categoryId} does not exist`);
    if ((await m.getRepository(Category).count({ where: { parentId: categoryId } })) > 0) throw CatalogErrors.categoryNotLeaf();
  }

  /** The category and its subcategories (a top category's listing includes its leaves). Empty when unknown. */
  async withChildren(m: EntityManager, categoryId: number): Promise<number[]> {
    const rows = await select(m, CATEGORY_WITH_CHILDREN, [categoryId, categoryId]);
    return rows.map((r) => Number(r.id));
  }

  private async checkParent(m: EntityManager, parentId: number): Promise<void> {
    const parent = await this.lock(m, parentId);
    if (!parent) throw CatalogErrors.field('parentId', `category ${parentId} does not exist`);
    if (parent.parentId !== null) throw CatalogErrors.categoryDepth();
    const products = await m.getRepository(Product).count({ where: { categoryId: parentId, deletedAt: IsNull() } });
    if (products > 0) throw CatalogErrors.categoryHasProducts();
  }

  private lock(m: EntityManager, id: number): Promise<Category | null> {
    return m.getRepository(Category).findOne({ where: { id }, ...writeLock(m) });
  }
}
