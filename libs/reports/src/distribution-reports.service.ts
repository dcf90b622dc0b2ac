import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pageParams, toPage } from '@app/common';
import { dbDateTime, select } from '@app/database';
import { BusinessCalendar, dayText } from './business-calendar';
import type { DistributionReportQuery } from './dto/report-query.dto';
import type { DistributionFigures, DistributionReport, DistributionReportRow } from './dto/report-view.dto';
import {
  type PromoterName,
  promoterCommissionFacts,
  promoterNames,
  promoterWithdrawalsApplied,
  promoterWithdrawalsPaid,
} from './reports.sql';
import { range } from './sales-reports.service';

const NAME_BATCH = 500;

/** A report row with the promoter's phone, which only the export shows (masked unless the caller is an owner). */
export type DistributionRowWithPhone = DistributionReportRow & { phone: string | null };

const zero = (): DistributionFigures => ({
  orders: 0,
  gmv: 0,
  earned: 0,
  frozen: 0,
  settled: 0,
  cancelled: 0,
  withdrawals: 0,
  withdrawalAmount: 0,
  withdrawn: 0,
});

/**
 * The distribution report (issue 17, admin reports): per promoter over a range of business days, the orders paid in
 * it that earned them commission, the goods' amount, the commissions frozen / settled / taken back by refunds, and the
 * withdrawals applied for and paid out in it. Read from distribution's tables, live (they are small beside orders).
 */
@Injectable()
export class DistributionReportsService {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: BusinessCalendar,
  ) {}

  /** Every row (sorted), with the totals: for the page and for the export. */
  async rows(
    q: DistributionReportQuery,
  ): Promise<{ from: string; to: string; rows: DistributionRowWithPhone[]; totals: DistributionFigures }> {
    const [fromDay, toDay] = range(q);
    const m = this.ds.manager;
    const one = q.promoterId !== undefined;
    const params = [
      dbDateTime(m, this.calendar.startOf(fromDay)),
      dbDateTime(m, this.calendar.rangeOf(toDay)[1]),
      ...(one ? [q.promoterId] : []),
    ];
    const [commissions, applied, paid] = await Promise.all([
      select(m, promoterCommissionFacts(one), params),
      select(m, promoterWithdrawalsApplied(one), params),
      select(m, promoterWithdrawalsPaid(one), params),
    ]);
    const byPromoter = new Map<number, DistributionFigures>();
    const of = (id: unknown): DistributionFigures => {
      const key = Number(id);
      let f = byPromoter.get(key);
      if (!f) byPromoter.set(key, (f = zero()));
      return f;
    };
    for (const c of commissions) {
      const f = of(c.promoterId);
      f.orders = Number(c.orders);
      f.gmv = Number(c.gmv);
      f.earned = Number(c.earned);
      f.frozen = Number(c.frozen);
      f.settled = Number(c.settled);
      f.cancelled = Number(c.cancelled);
    }
    for (const a of applied) Object.assign(of(a.promoterId), { withdrawals: Number(a.n), withdrawalAmount: Number(a.amount) });
    for (const p of paid) of(p.promoterId).withdrawn = Number(p.amount);

    const ids = [...byPromoter.keys()];
    const names = new Map<number, PromoterName>();
    for (let i = 0; i < ids.length; i += NAME_BATCH) {
      const batch = ids.slice(i, i + NAME_BATCH);
      for (const n of await select(m, promoterNames(batch.length), batch)) names.set(Number(n.id), n);
    }
    const totals = zero();
    const rows: DistributionRowWithPhone[] = [];
    for (const [promoterId, f] of byPromoter) {
      for (const k of Object.keys(totals) as (keyof DistributionFigures)[]) totals[k] += f[k];
      const n = names.get(promoterId);
      rows.push({
        promoterId,
        code: n?.code ?? '',
        status: n?.status ?? '',
        userId: Number(n?.userId ?? 0),
        nickname: n?.nickname ?? '',
        phone: n?.phone ?? null,
        ...f,
      });
    }
    const sort = q.sort ?? 'gmv';
    const dir = (q.order ?? 'desc') === 'asc' ? 1 : -1;
    rows.sort((a, b) => dir * (a[sort] - b[sort]) || a.promoterId - b.promoterId);
    return { from: dayText(fromDay), to: dayText(toDay), rows, totals };
  }

  async report(q: DistributionReportQuery): Promise<DistributionReport> {
    const { from, to, rows, totals } = await this.rows(q);
    const { offset, pageSize } = pageParams(q);
    const items = rows.slice(offset, offset + pageSize).map(({ phone: _phone, ...r }) => r);
    return { from, to, timeZone: this.calendar.timeZone, promoters: toPage(items, rows.length, q), totals };
  }
}
