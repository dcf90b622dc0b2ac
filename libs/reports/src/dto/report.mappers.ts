import { dayText } from '../business-calendar';
import type { DayRow } from '../reports.sql';
import type { DaySummary, SalesFigures } from './report-view.dto';

export type { DashboardView, ProductReportPage, ProductReportRow, SalesReport, SalesRow } from './report-view.dto';

/** Sums and derived figures of a set of days (buyers given: distinct buyers are not a sum). */
export function toFigures(days: readonly DayRow[], buyers: number): SalesFigures {
  const sum = (k: keyof DayRow): number => days.reduce((a, d) => a + d[k], 0);
  const gmv = sum('gmv');
  const orders = sum('orders');
  const refundAmount = sum('refundAmount');
  return {
    gmv,
    orders,
    buyers,
    newBuyers: sum('newBuyers'),
    averageOrderValue: orders > 0 ? Math.floor(gmv / orders) : 0,
    refunds: sum('refunds'),
    refundAmount,
    netSales: gmv - refundAmount,
  };
}

export function toDaySummary(d: DayRow): DaySummary {
  return { day: dayText(d.day), ...toFigures([d], d.buyers), units: d.units };
}
