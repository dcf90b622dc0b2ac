import { Banner } from './banner.entity';
import { CatalogVersion } from './catalog-version.entity';
import { Category } from './category.entity';
import { HomeSection } from './home-section.entity';
import { ProductSpec } from './product-spec.entity';
import { Product } from './product.entity';
import { Sku } from './sku.entity';
import { StockMovement } from './stock-movement.entity';
import { SearchHistory } from './search-history.entity';
import { SearchToken } from './search-token.entity';
import { SearchWord } from './search-word.entity';
import { Store } from './store.entity';

/** Every catalog entity (TypeOrmModule.forFeature and the standalone seed script). */
export const CATALOG_ENTITIES = [
  Category,
  Product,
  ProductSpec,
  Sku,
  StockMovement,
  Store,
  Banner,
  HomeSection,
  SearchToken,
  SearchWord,
  SearchHistory,
  CatalogVersion,
];
