import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { DashboardService } from './dashboard.service';
import { DistributionReportsService } from './distribution-reports.service';
import { DistributionReportQuery, ProductReportQuery, SalesReportQuery } from './dto/report-query.dto';
import type { DashboardView, DistributionReport, ProductReportPage, SalesReport } from './dto/report-view.dto';
import { SalesReportsService } from './sales-reports.service';

@ApiTags('admin')
@Controller('admin')
export class AdminReportsController {
  constructor(
    private readonly dashboardService: DashboardService,
    private readonly reports: SalesReportsService,
    private readonly distribution: DistributionReportsService,
  ) {}

  /**
   * The dashboard: today and yesterday, the last 7 and 30 days, top products, to-do counters.
   * @remarks Days are business days in SHOP_TIMEZONE; today is live, earlier days come from the rollups.
   */
  @Get('dashboard')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetDashboard' })
  dashboard(): Promise<DashboardView> {
    return this.dashboardService.dashboard();
  }

  /**
   * Sales by day, week or month over a range of business days.
   * @remarks GMV, orders, buyers, new buyers, average order value, refunds and net sales; sortable by any of them.
   */
  @Get('reports/sales')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminSalesReport' })
  sales(@Query() q: SalesReportQuery): Promise<SalesReport> {
    return this.reports.sales(q);
  }

  /**
   * Sales by product, SKU or category over a range of business days.
   * @remarks Units and amount paid in the range, and how many of those units were refunded since (refund rate).
   */
  @Get('reports/products')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminProductReport' })
  products(@Query() q: ProductReportQuery): Promise<ProductReportPage> {
    return this.reports.products(q);
  }

  /**
   * Promoters over a range of business days: attributed orders, GMV, commissions and withdrawals.
   * @remarks Per promoter: orders paid in the range that earned them commission (either level) and the goods' paid
   * amount they were computed on; what those commissions earned, what is left frozen or settled and what refunds took
   * back; withdrawals applied for and paid out in the range. Totals cover every promoter of the report.
   */
  @Get('reports/distribution')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminDistributionReport' })
  distributionReport(@Query() q: DistributionReportQuery): Promise<DistributionReport> {
    return this.distribution.report(q);
  }
}
