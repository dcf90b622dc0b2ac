/* Test seams: what only tests use. Tests import it as `@app/orders/testing` (or through `@app/testing`); no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { ORDER_STATUSES } from './order-state';
export { AUTO_CONFIRM_SWEEP, EXPIRE_SWEEP } from './order-sweeps';
export { ADMIN_ORDER_COUNT_CAP } from './admin-orders.service';
