/* Test seams: what only tests use. Tests import it as `@app/common/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { ManualClock, SystemClock } from './clock';
