export { CatalogModule } from './catalog.module';
export { bumpCatalogVersion, CatalogCache, type CacheScope } from './catalog-cache';
export { CatalogService, type SkuSnapshot, type SkuUnavailableReason } from './catalog.service';
export { StoresService, type PickupStore } from './stores.service';
export { InventoryService, type ReleaseReason, type StockLine, type StockRef } from './inventory.service';
export { CatalogErrors, type ShortSku } from './catalog.errors';
export type { StockReason } from './stock-movement.entity';
export { AdminProductListQuery } from './dto/product-query.dto';
