import { loadBundle, PRODUCTION_BUNDLE } from './bundle-loader';

/*
 * Writes the production bundle's V8 code cache under this process's Node version and flags: run by
 * `npm run build` (scripts/bundle.mjs) and by the image under its NODE_OPTIONS. Evaluating every module
 * of the bundle (without starting the service) puts their compiled top-level code in the cache.
 */
loadBundle(PRODUCTION_BUNDLE, { writeCache: true });
process.exit(0);
