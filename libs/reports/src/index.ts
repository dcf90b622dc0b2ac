export { ReportsModule } from './reports.module';
export { RollupsService, ROLLUP_SWEEP } from './rollups.service';
export { addDays, BusinessCalendar, dayText, parseDay, type Day, type Granularity } from './business-calendar';
export { rebuild, rollupStep, readDay, type RunTx } from './rollups';
export { ReportDay, ReportPeriod, ReportRollupState, ReportSkuDay } from './rollup.entities';
export { ReportExport, ReportExportChunk } from './report-export.entity';
