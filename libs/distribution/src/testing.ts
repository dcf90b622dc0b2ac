/* Test seams: what only tests use. Tests import it as `@app/distribution/testing`; no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { SETTLE_COMMISSIONS_SWEEP } from './commissions.service';
export { TRANSFER_QUERY_SWEEP } from './transfers.service';
