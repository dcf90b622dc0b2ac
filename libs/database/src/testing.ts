/* Test seams: what only tests use. Tests import it as `@app/database/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { portable } from './plain-sql';
