/* Test seams: what only tests use. Tests import it as `@app/moderation/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { MEDIA_TIMEOUT_SWEEP } from './moderation-checks';
