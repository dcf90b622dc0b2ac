/* Test seams: what only tests use. Tests import it as `@app/login-bridge/testing`; no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, signBridgeRequest, verifyBridgeRequest } from './bridge-signature';
export { LINK_JOB } from './login-bridge-jobs';
