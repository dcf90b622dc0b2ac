/**
 * `npm run search:rebuild`: runs the migrations, then recomputes the search index of the whole catalog in
 * DATABASE_URL (or the embedded demo file when unset). Safe while the service runs (batches under row locks).
 * Needed after loading products behind the service's back (SQL imports) or a change of the tokenizer.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig, loadDotEnv } from '@app/config';
import { dataSourceOptions, runMigrationsLocked } from '@app/database';
import { CATALOG_ENTITIES } from './catalog.entities';
import { rebuildSearchIndex } from './search-index';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig(process.env);
  const ds = await new DataSource(dataSourceOptions(config.database, CATALOG_ENTITIES)).initialize();
  try {
    await runMigrationsLocked(ds);
    process.stdout.write(`${JSON.stringify(await rebuildSearchIndex(ds))}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`search:rebuild failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
