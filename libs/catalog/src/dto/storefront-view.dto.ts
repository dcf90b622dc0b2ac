import { PageOf } from '@app/common';
import type { LinkType } from '../link';
import type { StoreStatus } from '../store.entity';
import type { ProductCard } from './product-view.dto';

export class StoreView {
  id!: number;
  name!: string;
  province!: string;
  city!: string;
  district!: string;
  address!: string;
  /** Province + city + district + address. */
  fullAddress!: string;
  latitude!: number;
  longitude!: number;
  phone!: string;
  businessHours!: string;
  status!: StoreStatus;
  sort!: number;
  /** Orders can be collected here. */
  pickupEnabled!: boolean;
  pickupHours!: string;
  /** Minutes the store needs to prepare an order. */
  pickupPrepMinutes!: number;
  /** Great-circle distance from the position given (GET /stores?lat&lng only). */
  distanceMeters?: number;
}

export class StorePage extends PageOf(StoreView) {}

export class LinkView {
  type!: LinkType;
  /** Product or category id (type product | category). */
  id!: number | null;
  /** https URL or mini program page path (type url). */
  url!: string | null;
}

export class BannerView {
  id!: number;
  title!: string;
  image!: string;
  link!: LinkView;
  sort!: number;
  isActive!: boolean;
  startsAt!: string | null;
  endsAt!: string | null;
}

export class BannerPage extends PageOf(BannerView) {}

export class HomeSectionView {
  id!: number;
  title!: string;
  subtitle!: string;
  image!: string | null;
  link!: LinkView;
  productIds!: number[];
  sort!: number;
  isActive!: boolean;
  startsAt!: string | null;
  endsAt!: string | null;
}

export class HomeSectionPage extends PageOf(HomeSectionView) {}

export class HomeBanner {
  id!: number;
  title!: string;
  image!: string;
  link!: LinkView;
}

export class HomeSection {
  id!: number;
  title!: string;
  subtitle!: string;
  image!: string | null;
  link!: LinkView;
  /** Its products that are on sale, in the section's order. */
  products!: ProductCard[];
}

/** The home page: banners in their time window and sections with their on-sale products. */
export class HomeView {
  banners!: HomeBanner[];
  sections!: HomeSection[];
}
