export { CatalogModule } from './catalog.module';
export { CatalogService, type SkuSnapshot, type SkuUnavailableReason } from './catalog.service';
export { InventoryService, type ReleaseReason, type StockLine, type StockRef } from './inventory.service';
export { CatalogErrors, type ShortSku } from './catalog.errors';
export type { StockReason } from './stock-movement.entity';
