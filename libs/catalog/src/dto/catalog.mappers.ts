import type { Banner } from '../banner.entity';
import type { Category } from '../category.entity';
import type { HomeSection } from '../home-section.entity';
import type { Link } from '../link';
import type { ProductSpec } from '../product-spec.entity';
import type { Product } from '../product.entity';
import type { Sku } from '../sku.entity';
import type { StockMovement } from '../stock-movement.entity';
import type { Store } from '../store.entity';
import type { CategoryView } from './category.dto';
import type { LowStockItem, StockAdjustmentResult, StockMovementView } from './inventory.dto';
import type {
  AdminProductListItem,
  AdminProductView,
  AdminSkuView,
  ProductCard,
  ShopperProductView,
  ShopperSkuView,
  SkuView,
} from './product-view.dto';
import type { BannerView, HomeSectionView, HomeView, LinkView, StoreView } from './storefront-view.dto';

export type { CategoryView, LowStockItem, StockAdjustmentResult, StockMovementView };
export type { AdminProductListItem, AdminProductView, AdminSkuView, ProductCard, ShopperProductView, ShopperSkuView, SkuView };
export type { BannerView, HomeSectionView, HomeView, LinkView, StoreView };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toCategoryView(c: Category): CategoryView {
  return { id: c.id, parentId: c.parentId, name: c.name, iconUrl: c.iconUrl, sort: c.sort, isVisible: Boolean(c.isVisible) };
}

/** Categories sorted by (sort, id) -> top-level nodes with their children. Orphans (parent gone) are left out. */
export function toCategoryTree(rows: Category[]): CategoryView[] {
  const sorted = [...rows].sort((a, b) => a.sort - b.sort || a.id - b.id);
  const tops = new Map<number, CategoryView>();
  for (const c of sorted) if (c.parentId === null) tops.set(c.id, { ...toCategoryView(c), children: [] });
  for (const c of sorted) if (c.parentId !== null) tops.get(c.parentId)?.children?.push(toCategoryView(c));
  return [...tops.values()];
}

export const PRODUCT_CARD_COLUMNS = ['id', 'title', 'mainImage', 'minPrice', 'maxPrice', 'linePrice', 'salesCount'] as const;

export function toProductCard(p: Pick<Product, (typeof PRODUCT_CARD_COLUMNS)[number]>): ProductCard {
  return {
    id: p.id,
    title: p.title,
    mainImage: p.mainImage,
    minPrice: p.minPrice,
    maxPrice: p.maxPrice,
    linePrice: p.linePrice,
    salesCount: p.salesCount,
  };
}

export function toAdminProductListItem(p: Product): AdminProductListItem {
  return {
    id: p.id,
    categoryId: p.categoryId,
    title: p.title,
    mainImage: p.mainImage,
    status: p.status,
    minPrice: p.minPrice,
    maxPrice: p.maxPrice,
    linePrice: p.linePrice,
    salesCount: p.salesCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function toSkuView(s: ShopperSkuSource): SkuView {
  return {
    id: s.id,
    specValues: s.specValues,
    specText: s.specText,
    price: s.price,
    linePrice: s.linePrice,
    stock: s.stock,
    salesCount: s.salesCount,
    image: s.image,
  };
}

const toAdminSkuView = (s: Sku): AdminSkuView => ({ ...toSkuView(s), code: s.code });

const bySort = <T extends { sort: number; id: number }>(a: T, b: T): number => a.sort - b.sort || a.id - b.id;

export function toAdminProductView(p: Product, specs: ProductSpec[], skus: Sku[]): AdminProductView {
  const sorted = [...skus].sort(bySort);
  return {
    ...toAdminProductListItem(p),
    subtitle: p.subtitle,
    limitPerOrder: p.limitPerOrder,
    limitPerUser: p.limitPerUser,
    images: p.images,
    detailImages: p.detailImages,
    specs: [...specs].sort(bySort).map((s) => ({ name: s.name, values: s.values })),
    skus: sorted.filter((s) => s.status === 'enabled').map(toAdminSkuView),
    disabledSkus: sorted.filter((s) => s.status !== 'enabled').map(toAdminSkuView),
  };
}

/** What the shopper's product page reads: the columns it shows, whether from entities or plain rows. */
export type ShopperProductSource = Pick<
  Product,
  | 'id'
  | 'categoryId'
  | 'title'
  | 'subtitle'
  | 'mainImage'
  | 'images'
  | 'detailImages'
  | 'minPrice'
  | 'maxPrice'
  | 'linePrice'
  | 'salesCount'
  | 'limitPerOrder'
  | 'limitPerUser'
>;
export type ShopperSpecSource = Pick<ProductSpec, 'id' | 'name' | 'values' | 'sort'>;
export type ShopperSkuSource = Pick<
  Sku,
  'id' | 'specValues' | 'specText' | 'price' | 'linePrice' | 'stock' | 'salesCount' | 'image' | 'sort'
>;

export function toShopperProductView(p: ShopperProductSource, specs: ShopperSpecSource[], skus: ShopperSkuSource[]): ShopperProductView {
  const list = [...skus].sort(bySort).map((s): ShopperSkuView => ({ ...toSkuView(s), available: s.stock > 0 }));
  return {
    ...toProductCard(p),
    categoryId: p.categoryId,
    subtitle: p.subtitle,
    images: p.images,
    detailImages: p.detailImages,
    stock: list.reduce((n, s) => n + s.stock, 0),
    limitPerOrder: p.limitPerOrder,
    limitPerUser: p.limitPerUser,
    specs: [...specs].sort(bySort).map((s) => ({ name: s.name, values: s.values })),
    skus: list,
  };
}

export function toStockMovementView(m: StockMovement): StockMovementView {
  return {
    id: m.id,
    skuId: m.skuId,
    delta: m.delta,
    reason: m.reason,
    refType: m.refType,
    refId: m.refId,
    stockAfter: m.stockAfter,
    adminId: m.adminId,
    note: m.note,
    createdAt: m.createdAt.toISOString(),
  };
}

export function toStoreView(s: Store, distanceMeters?: number): StoreView {
  const view: StoreView = {
    id: s.id,
    name: s.name,
    province: s.province,
    city: s.city,
    district: s.district,
    address: s.address,
    fullAddress: `${s.province}${s.city}${s.district}${s.address}`,
    latitude: s.latitude,
    longitude: s.longitude,
    phone: s.phone,
    businessHours: s.businessHours,
    status: s.status,
    sort: s.sort,
    pickupEnabled: Boolean(s.pickupEnabled),
    pickupHours: s.pickupHours,
    pickupPrepMinutes: s.pickupPrepMinutes,
  };
  if (distanceMeters !== undefined) view.distanceMeters = distanceMeters;
  return view;
}

const toLinkView = (l: Link): LinkView => ({ type: l.type, id: l.id, url: l.url });

export function toBannerView(b: Banner): BannerView {
  return {
    id: b.id,
    title: b.title,
    image: b.image,
    link: toLinkView(b.link),
    sort: b.sort,
    isActive: Boolean(b.isActive),
    startsAt: iso(b.startsAt),
    endsAt: iso(b.endsAt),
  };
}

export function toHomeSectionView(s: HomeSection): HomeSectionView {
  return {
    id: s.id,
    title: s.title,
    subtitle: s.subtitle,
    image: s.image,
    link: toLinkView(s.link),
    productIds: s.productIds,
    sort: s.sort,
    isActive: Boolean(s.isActive),
    startsAt: iso(s.startsAt),
    endsAt: iso(s.endsAt),
  };
}
