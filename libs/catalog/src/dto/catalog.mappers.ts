import type { Banner } from '../banner.entity';
import type { Category } from '../category.entity';
import type { HomeSection } from '../home-section.entity';
import type { Link, LinkType } from '../link';
import type { ProductSpec } from '../product-spec.entity';
import type { Product, ProductStatus } from '../product.entity';
import type { Sku } from '../sku.entity';
import type { StockMovement, StockReason } from '../stock-movement.entity';
import type { Store, StoreStatus } from '../store.entity';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export interface CategoryView {
  id: number;
  parentId: number | null;
  name: string;
  iconUrl: string;
  sort: number;
  isVisible: boolean;
  /** Subcategories (top-level categories only), in sort order. */
  children?: CategoryView[];
}

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

/** The columns of a product listing card (shopper lists and home sections). */
export interface ProductCard {
  id: number;
  title: string;
  mainImage: string;
  minPrice: number;
  maxPrice: number;
  linePrice: number | null;
  salesCount: number;
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

export interface SpecView {
  name: string;
  values: string[];
}

interface SkuViewBase {
  id: number;
  specValues: string[];
  specText: string;
  price: number;
  linePrice: number | null;
  stock: number;
  salesCount: number;
  /** The SKU's own image; null = use the product's mainImage. */
  image: string | null;
}

export interface AdminSkuView extends SkuViewBase {
  code: string;
}

export interface AdminProductListItem {
  id: number;
  categoryId: number;
  title: string;
  mainImage: string;
  status: ProductStatus;
  minPrice: number;
  maxPrice: number;
  linePrice: number | null;
  salesCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The admin document: what POST/PATCH accept, echoed with ids, plus derived and read-only fields. */
export interface AdminProductView extends AdminProductListItem {
  subtitle: string;
  limitPerOrder: number | null;
  limitPerUser: number | null;
  images: string[];
  detailImages: string[];
  specs: SpecView[];
  /** Enabled SKUs in the order sent. */
  skus: AdminSkuView[];
  /** SKUs left out of an edit: kept (with their stock) so they can be re-enabled by sending their id again. */
  disabledSkus: AdminSkuView[];
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

function toSkuViewBase(s: ShopperSkuSource): SkuViewBase {
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

const toAdminSkuView = (s: Sku): AdminSkuView => ({ ...toSkuViewBase(s), code: s.code });

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

export interface ShopperSkuView extends SkuViewBase {
  /** In stock now (only enabled SKUs are listed). */
  available: boolean;
}

export interface ShopperProductView extends ProductCard {
  categoryId: number;
  subtitle: string;
  images: string[];
  detailImages: string[];
  /** Total stock of the listed SKUs. */
  stock: number;
  /** Purchase limits (null = none): units per order, and per shopper over their live orders. */
  limitPerOrder: number | null;
  limitPerUser: number | null;
  specs: SpecView[];
  skus: ShopperSkuView[];
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
  const list = [...skus].sort(bySort).map((s): ShopperSkuView => ({ ...toSkuViewBase(s), available: s.stock > 0 }));
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

export interface StockMovementView {
  id: number;
  skuId: number;
  delta: number;
  reason: StockReason;
  refType: string | null;
  refId: number | null;
  stockAfter: number;
  adminId: number | null;
  note: string | null;
  createdAt: string;
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

export interface StockAdjustmentResult {
  skuId: number;
  stock: number;
  movement: StockMovementView;
}

export interface LowStockItem {
  skuId: number;
  productId: number;
  title: string;
  specText: string;
  code: string;
  stock: number;
}

export interface StoreView {
  id: number;
  name: string;
  province: string;
  city: string;
  district: string;
  address: string;
  /** Province + city + district + address. */
  fullAddress: string;
  latitude: number;
  longitude: number;
  phone: string;
  businessHours: string;
  status: StoreStatus;
  sort: number;
  /** Great-circle distance from the position given (GET /stores?lat&lng only). */
  distanceMeters?: number;
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
  };
  if (distanceMeters !== undefined) view.distanceMeters = distanceMeters;
  return view;
}

export interface LinkView {
  type: LinkType;
  /** Product or category id (type product | category). */
  id: number | null;
  /** https URL or mini program page path (type url). */
  url: string | null;
}

const toLinkView = (l: Link): LinkView => ({ type: l.type, id: l.id, url: l.url });

export interface BannerView {
  id: number;
  title: string;
  image: string;
  link: LinkView;
  sort: number;
  isActive: boolean;
  startsAt: string | null;
  endsAt: string | null;
}

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

export interface HomeSectionView {
  id: number;
  title: string;
  subtitle: string;
  image: string | null;
  link: LinkView;
  productIds: number[];
  sort: number;
  isActive: boolean;
  startsAt: string | null;
  endsAt: string | null;
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

export interface HomeView {
  banners: { id: number; title: string; image: string; link: LinkView }[];
  sections: { id: number; title: string; subtitle: string; image: string | null; link: LinkView; products: ProductCard[] }[];
}
