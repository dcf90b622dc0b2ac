export { ReportsModule } from './reports.module';
export { addDays, BusinessCalendar, type Day, type Granularity } from './business-calendar';
export { rebuild, type RunTx } from './rollups';
