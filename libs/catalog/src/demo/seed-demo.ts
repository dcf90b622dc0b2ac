/**
 * `npm run seed:demo [-- --products 10000 --skus-per-product 3 --seed 42 --append]`: runs the migrations, then
 * loads a generated catalog into DATABASE_URL (or the embedded demo file when unset). Refuses a non-empty
 * catalog unless --append is given.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadConfig, loadDotEnv } from '@app/config';
import { dataSourceOptions, runMigrationsLocked } from '@app/database';
import { CATALOG_ENTITIES } from '../catalog.entities';
import { buildDemoCatalog } from './demo-catalog';
import { rebuildSearchIndex } from '../search-index';
import { seedDemoCatalog } from './demo-seeder';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      products: { type: 'string' },
      'skus-per-product': { type: 'string' },
      seed: { type: 'string' },
      append: { type: 'boolean', default: false },
    },
  });
  const num = (name: string, v: string | undefined, max: number): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) throw new Error(`--${name} must be an integer from 1 to ${max}`);
    return Number(v);
  };
  const options = {
    products: num('products', values.products, 1_000_000),
    skusPerProduct: num('skus-per-product', values['skus-per-product'], 200),
    seed: num('seed', values.seed, 2 ** 31),
  };
  loadDotEnv();
  const config = loadConfig(process.env);
  const ds = await new DataSource(dataSourceOptions(config.database, CATALOG_ENTITIES)).initialize();
  try {
    await runMigrationsLocked(ds);
    const started = Date.now();
    const catalog = buildDemoCatalog(options);
    const result = await seedDemoCatalog(ds, catalog, { now: new Date(), onlyIfEmpty: !values.append });
    if (!result.seeded) {
      process.stderr.write('The catalog is not empty: nothing seeded (use --append to add another catalog).\n');
      process.exitCode = 1;
      return;
    }
    const search = await rebuildSearchIndex(ds);
    process.stdout.write(`${JSON.stringify({ ...result, search, totalMs: Date.now() - started })}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
