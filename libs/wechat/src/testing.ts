/* Test seams: what only tests use. Tests import it as `@app/wechat/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { EXPRESS_COMPANIES } from './express-companies';
export { pushSignature, WECHAT_MESSAGE_PUSH_PATH } from './message-push';
