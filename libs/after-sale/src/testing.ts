/* Test seams: what only tests use. Tests import it as `@app/after-sale/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { AFTER_SALE_REASONS, AFTER_SALE_STATUSES } from './after-sale-state';
export { RETURN_DEADLINE_SWEEP } from './after-sale-sweeps';
