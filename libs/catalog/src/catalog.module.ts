import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminCategoriesController } from './admin-categories.controller';
import { AdminHomeController } from './admin-home.controller';
import { AdminInventoryController } from './admin-inventory.controller';
import { AdminProductsController } from './admin-products.controller';
import { AdminSearchController } from './admin-search.controller';
import { AdminStoresController } from './admin-stores.controller';
import { CatalogCache } from './catalog-cache';
import { LiveStock } from './live-stock';
import { CatalogChanges } from './catalog-changes';
import { CatalogQueryService } from './catalog-query.service';
import { CatalogService } from './catalog.service';
import { CATALOG_ENTITIES } from './catalog.entities';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';
import { DemoSeedOnBoot } from './demo/demo-seed-on-boot';
import { HomeService } from './home.service';
import { InventoryService } from './inventory.service';
import { ProductsController } from './products.controller';
import { ProductsService } from './products.service';
import { SearchController } from './search.controller';
import { SearchHistoryService } from './search-history.service';
import { SearchWordsService } from './search-words.service';
import { StorefrontController } from './storefront.controller';
import { StoresService } from './stores.service';

/** Categories, products (SPU/spec/SKU), stock and its ledger, stores and the home page. */
@Module({
  imports: [TypeOrmModule.forFeature(CATALOG_ENTITIES)],
  controllers: [
    CategoriesController,
    ProductsController,
    StorefrontController,
    SearchController,
    AdminCategoriesController,
    AdminProductsController,
    AdminInventoryController,
    AdminStoresController,
    AdminHomeController,
    AdminSearchController,
  ],
  providers: [
    CategoriesService,
    CatalogCache,
    LiveStock,
    CatalogChanges,
    CatalogQueryService,
    CatalogService,
    ProductsService,
    InventoryService,
    StoresService,
    HomeService,
    SearchWordsService,
    SearchHistoryService,
    DemoSeedOnBoot,
  ],
  exports: [CatalogService, InventoryService, StoresService, CatalogCache],
})
export class CatalogModule {}
