import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as Bootstrap from './bootstrap';
import { loadBundle } from './bundle-loader';

/**
 * Production entry (`npm start`, the Docker image): the single-file bundle that `npm run build` makes
 * (scripts/bundle.mjs), run through its V8 code cache, reaches ready in about half the time of the
 * module-by-module tsc output; Cloud Hosting scales from zero, so a buyer waits for this. Without a
 * bundle it starts the tsc output.
 */
const BUNDLE = join(__dirname, '../../../server/bundle.js');

function load(): typeof Bootstrap {
  if (!existsSync(BUNDLE)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('./bootstrap') as typeof Bootstrap;
  }
  const bundle = loadBundle<typeof Bootstrap>(BUNDLE);
  if (bundle.cacheRejected) process.emitWarning('code cache rejected (built by another Node version?): starting without it');
  return bundle.exports;
}

load()
  .main()
  .catch((err: unknown) => {
    process.stderr.write(`fatal: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
