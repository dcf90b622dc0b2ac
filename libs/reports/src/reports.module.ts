import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig, APP_CONFIG } from '@app/config';
import { AdminExportsController } from './admin-exports.controller';
import { AdminReportsController } from './admin-reports.controller';
import { BusinessCalendar } from './business-calendar';
import { DashboardService } from './dashboard.service';
import { DistributionReportsService } from './distribution-reports.service';
import { ExportSources } from './export-sources';
import { ExportsService } from './exports.service';
import { LiveCache } from './live-cache';
import { ReportDays } from './report-days.service';
import { ReportExport, ReportExportChunk } from './report-export.entity';
import { ReportDay, ReportPeriod, ReportRollupState, ReportSkuDay } from './rollup.entities';
import { RollupsService } from './rollups.service';
import { SalesReportsService } from './sales-reports.service';

/** The top lib: dashboard, rollups, reports and CSV exports; reads the other libs' tables, writes only its own. */
@Module({
  imports: [TypeOrmModule.forFeature([ReportDay, ReportPeriod, ReportSkuDay, ReportRollupState, ReportExport, ReportExportChunk])],
  controllers: [AdminReportsController, AdminExportsController],
  providers: [
    { provide: BusinessCalendar, useFactory: (c: AppConfig) => new BusinessCalendar(c.business.shopTimeZone), inject: [APP_CONFIG] },
    LiveCache,
    ReportDays,
    RollupsService,
    DashboardService,
    SalesReportsService,
    DistributionReportsService,
    ExportSources,
    ExportsService,
  ],
  exports: [RollupsService, BusinessCalendar],
})
export class ReportsModule {}
