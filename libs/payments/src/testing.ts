/* Test seams: what only tests use. Tests import it as `@app/payments/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { RECONCILE_PAYMENTS_SWEEP, RECONCILE_REFUNDS_SWEEP } from './reconciliation';
