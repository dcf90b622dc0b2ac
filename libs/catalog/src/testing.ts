/* Test seams: what only tests use. Tests import it as `@app/catalog/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { CatalogQueryService } from './catalog-query.service';
export { buildDemoCatalog, type DemoCatalog, type DemoCatalogOptions } from './demo/demo-catalog';
export { seedDemoCatalog, type SeedResult } from './demo/demo-seeder';
export { rebuildSearchIndex, type RebuildResult } from './search-index';
export { SearchWordsService } from './search-words.service';
