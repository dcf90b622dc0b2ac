/* Test seams: what only tests use. Tests import it as `@app/auth/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { roleAllows } from '@app/access';
