import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { Clock, type FieldError, type Page, pageParams, type PageQuery, toPage } from '@app/common';
import { ReadReplicas } from '@app/database';
import { Banner } from './banner.entity';
import { bumpCatalogVersion, CatalogCache } from './catalog-cache';
import { CatalogErrors } from './catalog.errors';
import { Category } from './category.entity';
import {
  type BannerView,
  type HomeSectionView,
  type HomeView,
  PRODUCT_CARD_COLUMNS,
  type ProductCard,
  toBannerView,
  toHomeSectionView,
  toProductCard,
} from './dto/catalog.mappers';
import type { CreateBannerDto, CreateHomeSectionDto, LinkDto, UpdateBannerDto, UpdateHomeSectionDto } from './dto/storefront.dto';
import { HomeSection } from './home-section.entity';
import type { Link } from './link';
import { Product } from './product.entity';

interface Windowed {
  isActive: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
}

type Placement = Pick<CreateBannerDto, 'sort' | 'isActive' | 'startsAt' | 'endsAt' | 'link'>;

/** Home page configuration (banners, sections) and GET /home. */
@Injectable()
export class HomeService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly cache: CatalogCache,
    private readonly replicas: ReadReplicas,
  ) {}

  /**
   * Three queries: active banners, active sections, and the on-sale products of all sections at once. Cached: a
   * banner's time window is applied when read, so one that ends shows at most CATALOG_CACHE_MAX_AGE_MS longer.
   */
  home(): Promise<HomeView> {
    return this.cache.get('home', () => this.replicas.read((m) => this.readHome(m)));
  }

  private async readHome(m: EntityManager): Promise<HomeView> {
    const now = this.clock.now();
    const live = (x: Windowed): boolean =>
      Boolean(x.isActive) && (x.startsAt === null || x.startsAt <= now) && (x.endsAt === null || x.endsAt > now);
    const order = { sort: 'ASC', id: 'ASC' } as const;
    const banners = (await m.getRepository(Banner).find({ where: { isActive: true }, order })).filter(live);
    const sections = (await m.getRepository(HomeSection).find({ where: { isActive: true }, order })).filter(live);
    const ids = [...new Set(sections.flatMap((s) => s.productIds))];
    const cards = new Map<number, ProductCard>();
    if (ids.length > 0) {
      const rows = await m.getRepository(Product).find({
        select: Object.fromEntries(PRODUCT_CARD_COLUMNS.map((c) => [c, true])),
        where: { id: In(ids), status: 'on_sale', deletedAt: IsNull() },
      });
      for (const p of rows) cards.set(p.id, toProductCard(p));
    }
    return {
      banners: banners.map((b) => {
        const v = toBannerView(b);
        return { id: v.id, title: v.title, image: v.image, link: v.link };
      }),
      sections: sections.map((s) => {
        const v = toHomeSectionView(s);
        const products = s.productIds.map((id) => cards.get(id)).filter((c): c is ProductCard => c !== undefined);
        return { id: v.id, title: v.title, subtitle: v.subtitle, image: v.image, link: v.link, products };
      }),
    };
  }

  async banners(q: PageQuery): Promise<Page<BannerView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds
      .getRepository(Banner)
      .findAndCount({ order: { sort: 'ASC', id: 'ASC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toBannerView), total, q);
  }

  async banner(id: number): Promise<BannerView> {
    const b = await this.ds.getRepository(Banner).findOne({ where: { id } });
    if (!b) throw CatalogErrors.bannerNotFound();
    return toBannerView(b);
  }

  async createBanner(dto: CreateBannerDto): Promise<BannerView> {
    const placement = await this.placement(this.ds.manager, dto, null);
    const now = this.clock.now();
    const { identifiers } = await this.ds
      .getRepository(Banner)
      .insert({ title: dto.title ?? '', image: dto.image, ...placement, createdAt: now, updatedAt: now });
    await bumpCatalogVersion(this.ds.manager);
    return this.banner((identifiers[0] as { id: number }).id);
  }

  async updateBanner(id: number, dto: UpdateBannerDto): Promise<BannerView> {
    const current = await this.ds.getRepository(Banner).findOne({ where: { id } });
    if (!current) throw CatalogErrors.bannerNotFound();
    const placement = await this.placement(this.ds.manager, dto, current);
    const patch: Partial<Banner> = { ...placement, updatedAt: this.clock.now() };
    if (dto.title !== undefined) patch.title = dto.title;
    if (dto.image !== undefined) patch.image = dto.image;
    await this.ds.getRepository(Banner).update({ id }, patch);
    await bumpCatalogVersion(this.ds.manager);
    return this.banner(id);
  }

  async removeBanner(id: number): Promise<void> {
    if (!(await this.ds.getRepository(Banner).delete({ id })).affected) throw CatalogErrors.bannerNotFound();
    await bumpCatalogVersion(this.ds.manager);
  }

  async sections(q: PageQuery): Promise<Page<HomeSectionView>> {
    const { offset, pageSize } = pageParams(q);
    const [rows, total] = await this.ds
      .getRepository(HomeSection)
      .findAndCount({ order: { sort: 'ASC', id: 'ASC' }, skip: offset, take: pageSize });
    return toPage(rows.map(toHomeSectionView), total, q);
  }

  async section(id: number): Promise<HomeSectionView> {
    const s = await this.ds.getRepository(HomeSection).findOne({ where: { id } });
    if (!s) throw CatalogErrors.sectionNotFound();
    return toHomeSectionView(s);
  }

  async createSection(dto: CreateHomeSectionDto): Promise<HomeSectionView> {
    const placement = await this.placement(this.ds.manager, dto, null);
    await this.checkProducts(dto.productIds);
    const now = this.clock.now();
    const { identifiers } = await this.ds.getRepository(HomeSection).insert({
      title: dto.title,
      subtitle: dto.subtitle ?? '',
      image: dto.image ?? null,
      productIds: dto.productIds,
      ...placement,
      createdAt: now,
      updatedAt: now,
    });
    await bumpCatalogVersion(this.ds.manager);
    return this.section((identifiers[0] as { id: number }).id);
  }

  async updateSection(id: number, dto: UpdateHomeSectionDto): Promise<HomeSectionView> {
    const current = await this.ds.getRepository(HomeSection).findOne({ where: { id } });
    if (!current) throw CatalogErrors.sectionNotFound();
    const placement = await this.placement(this.ds.manager, dto, current);
    if (dto.productIds !== undefined) await this.checkProducts(dto.productIds);
    const patch: Partial<HomeSection> = { ...placement, updatedAt: this.clock.now() };
    for (const key of ['title', 'subtitle', 'image', 'productIds'] as const) {
      if (dto[key] !== undefined) Object.assign(patch, { [key]: dto[key] });
    }
    await this.ds.getRepository(HomeSection).update({ id }, patch);
    await bumpCatalogVersion(this.ds.manager);
    return this.section(id);
  }

  async removeSection(id: number): Promise<void> {
    if (!(await this.ds.getRepository(HomeSection).delete({ id })).affected) throw CatalogErrors.sectionNotFound();
    await bumpCatalogVersion(this.ds.manager);
  }

  /** Sort, activity, time window and link of a banner or section, merged over the current values and checked. */
  private async placement(m: EntityManager, dto: Placement, current: (Windowed & { sort: number; link: Link }) | null) {
    const date = (v: string | null | undefined, old: Date | null): Date | null => (v === undefined ? old : v === null ? null : new Date(v));
    const startsAt = date(dto.startsAt, current?.startsAt ?? null);
    const endsAt = date(dto.endsAt, current?.endsAt ?? null);
    if (startsAt && endsAt && endsAt <= startsAt) throw CatalogErrors.field('endsAt', 'endsAt must be after startsAt');
    const link = dto.link ? await this.checkLink(m, dto.link) : (current?.link ?? { type: 'none' as const, id: null, url: null });
    return { sort: dto.sort ?? current?.sort ?? 0, isActive: dto.isActive ?? current?.isActive ?? true, startsAt, endsAt, link };
  }

  private async checkLink(m: EntityManager, dto: LinkDto): Promise<Link> {
    const errors: FieldError[] = [];
    const id = dto.id ?? null;
    const url = dto.url ?? null;
    const needsId = dto.type === 'product' || dto.type === 'category';
    if (needsId && id === null) errors.push({ field: 'link.id', errors: [`link.id is required for a ${dto.type} link`] });
    if (!needsId && id !== null) errors.push({ field: 'link.id', errors: [`link.id is not used by a ${dto.type} link`] });
    if (dto.type === 'url' && url === null) errors.push({ field: 'link.url', errors: ['link.url is required for a url link'] });
    if (dto.type !== 'url' && url !== null) errors.push({ field: 'link.url', errors: [`link.url is not used by a ${dto.type} link`] });
    if (errors.length === 0 && id !== null) {
      const exists =
        dto.type === 'product'
          ? await m.getRepository(Product).exists({ where: { id, deletedAt: IsNull() } })
          : await m.getRepository(Category).exists({ where: { id } });
      if (!exists) errors.push({ field: 'link.id', errors: [`${dto.type} ${id} does not exist`] });
    }
    if (errors.length > 0) throw CatalogErrors.invalid(errors);
    return { type: dto.type, id, url };
  }

  private async checkProducts(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.ds.getRepository(Product).find({ select: { id: true }, where: { id: In(ids), deletedAt: IsNull() } });
    const known = new Set(found.map((p) => p.id));
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length > 0) throw CatalogErrors.field('productIds', `products ${unknown.join(', ')} do not exist`);
  }
}
