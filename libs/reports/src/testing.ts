/* Test seams: what only tests use. Tests import it as `@app/reports/testing`; no lib or app code may (test/foundation/lib-boundaries.spec.ts). */
export { RollupsService, ROLLUP_SWEEP } from './rollups.service';
export { ExportsService } from './exports.service';
export { BusinessCalendar } from './business-calendar';
