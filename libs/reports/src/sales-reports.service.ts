import { Injectable } from '@nestjs/common';
import { type Page, pageParams, toPage } from '@app/common';
import { ReadReplicas, select } from '@app/database';
import { addDays, bucketEnd, bucketStart, type Day, daysBetween, dayText, type Granularity, parseDay } from './business-calendar';
import type { ProductReportQuery, SalesReportQuery } from './dto/report-query.dto';
import type { ProductReportRow, SalesReport, SalesRow } from './dto/report-view.dto';
import { toFigures } from './dto/report.mappers';
import { ReportDays } from './report-days.service';
import { ReportsErrors } from './reports.errors';
import { type SkuName, skuNames } from './reports.sql';

/** Longest range a report covers (a little over three years of days). */
const MAX_RANGE_DAYS = 1200;
const NAME_BATCH = 500;

/** Sales by period and by product, SKU or category, from the rollups (today live). */
@Injectable()
export class SalesReportsService {
  constructor(
    private readonly replicas: ReadReplicas,
    private readonly days: ReportDays,
  ) {}

  async sales(q: SalesReportQuery): Promise<SalesReport> {
    const g: Granularity = q.granularity ?? 'day';
    const [from0, to0] = range(q);
    const from = bucketStart(from0, g);
    const to = addDays(bucketEnd(bucketStart(to0, g), g), -1);
    const today = this.days.today();
    const live = to >= today && from <= today ? await this.days.liveToday() : undefined;
    const days = await this.days.days(from, to, live && Promise.resolve(live.value));
    const rows: SalesRow[] = [];
    if (g === 'day') {
      for (const d of days) rows.push({ period: dayText(d.day), ...toFigures([d], d.buyers) });
    } else {
      const buckets = new Map<Day, typeof days>();
      for (const d of days) {
        const start = bucketStart(d.day, g);
        buckets.set(start, [...(buckets.get(start) ?? []), d]);
      }
      const buyers = await this.days.periodBuyers(g, from, to, bucketStart(today, g));
      for (const [start, ds] of buckets) rows.push({ period: dayText(start), ...toFigures(ds, buyers.get(start) ?? 0) });
    }
    const sort = q.sort ?? 'period';
    const dir = (q.order ?? 'asc') === 'asc' ? 1 : -1;
    rows.sort(
      (a, b) => dir * (sort === 'period' ? a.period.localeCompare(b.period) : a[sort] - b[sort]) || a.period.localeCompare(b.period),
    );
    const { buyers: _buyers, ...totals } = toFigures(days, 0);
    return {
      granularity: g,
      from: dayText(from),
      to: dayText(to),
      timeZone: this.days.calendar.timeZone,
      rows,
      totals,
      liveAt: live?.readAt.toISOString() ?? null,
    };
  }

  /** Every row of the product report (sorted), for the page and for the export. */
  async productRows(q: ProductReportQuery): Promise<ProductReportRow[]> {
    const [from, to] = range(q);
    const skus = await this.days.skus(from, to);
    const names = new Map<number, SkuName>();
    for (let i = 0; i < skus.length; i += NAME_BATCH) {
      const ids = skus.slice(i, i + NAME_BATCH).map((s) => s.skuId);
      for (const n of await this.replicas.read((m) => select(m, skuNames(ids.length), ['', ...ids]))) names.set(Number(n.skuId), n);
    }
    const groupBy = q.groupBy ?? 'product';
    const rows = new Map<string, ProductReportRow>();
    for (const s of skus) {
      const n = names.get(s.skuId);
      if (q.categoryId && n?.categoryId !== q.categoryId) continue;
      const key =
        groupBy === 'sku' ? `sku:${s.skuId}` : groupBy === 'product' ? `product:${s.productId}` : `category:${n?.categoryId ?? 0}`;
      const row = rows.get(key) ?? {
        key,
        productId: groupBy === 'category' ? null : s.productId,
        skuId: groupBy === 'sku' ? s.skuId : null,
        categoryId: n ? Number(n.categoryId) : null,
        name: groupBy === 'category' ? (n?.categoryName ?? '') : (n?.title ?? ''),
        specText: groupBy === 'sku' ? (n?.specText ?? '') : null,
        units: 0,
        gmv: 0,
        refundUnits: 0,
        refundAmount: 0,
        refundRate: 0,
      };
      row.units += s.units;
      row.gmv += s.gmv;
      row.refundUnits += s.refundUnits;
      row.refundAmount += s.refundAmount;
      row.refundRate = row.units > 0 ? Math.round((row.refundUnits / row.units) * 10_000) / 10_000 : 0;
      rows.set(key, row);
    }
    const sort = q.sort ?? 'gmv';
    const dir = (q.order ?? 'desc') === 'asc' ? 1 : -1;
    return [...rows.values()].sort((a, b) => dir * (a[sort] - b[sort]) || a.key.localeCompare(b.key));
  }

  async products(q: ProductReportQuery): Promise<Page<ProductReportRow>> {
    const rows = await this.productRows(q);
    const { offset, pageSize } = pageParams(q);
    return toPage(rows.slice(offset, offset + pageSize), rows.length, q);
  }
}

/** The query's days, checked: real dates, in order, at most MAX_RANGE_DAYS. */
export function range(q: { from: string; to: string }): [Day, Day] {
  const from = parseDay(q.from);
  const to = parseDay(q.to);
  if (from === undefined) throw ReportsErrors.badRange('from', 'from must be a real date');
  if (to === undefined) throw ReportsErrors.badRange('to', 'to must be a real date');
  if (to < from) throw ReportsErrors.badRange('to', 'to must not be before from');
  if (daysBetween(from, to) >= MAX_RANGE_DAYS) throw ReportsErrors.badRange('to', `a range covers at most ${MAX_RANGE_DAYS} days`);
  return [from, to];
}
