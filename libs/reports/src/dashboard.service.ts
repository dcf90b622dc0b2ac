import { Injectable } from '@nestjs/common';
import { SettingsService } from '@app/settings';
import { Clock } from '@app/common';
import { ReadReplicas, select } from '@app/database';
import { addDays } from './business-calendar';
import type { DashboardTodos, DashboardView, TopProduct } from './dto/report-view.dto';
import { toDaySummary } from './dto/report.mappers';
import { LiveCache } from './live-cache';
import { ReportDays } from './report-days.service';
import { skuNames } from './reports.sql';
import type { DayFacts } from './rollups';
import { TODO_COUNTERS } from './todo-counters';

const TOP_PRODUCTS = 10;

/** The operator's first screen: today against yesterday, the last 30 days, top products and what waits for them. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly replicas: ReadReplicas,
    private readonly days: ReportDays,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
    private readonly live: LiveCache,
  ) {}

  /** The document is read at most every REPORTS_LIVE_MAX_AGE_MS per instance (LiveCache); `ageMs` says how old it is. */
  async dashboard(): Promise<DashboardView> {
    const { value, readAt } = await this.live.get(`dashboard:${this.days.today()}`, () => this.read());
    return { ...value, generatedAt: readAt.toISOString(), ageMs: this.clock.now().getTime() - readAt.getTime() };
  }

  private async read(): Promise<Omit<DashboardView, 'generatedAt' | 'ageMs'>> {
    const today = this.days.today();
    const yesterday = addDays(today, -1);
    const live = this.days.liveToday().then((l) => l.value);
    const [last30, yesterdayLive, top, todos] = await Promise.all([
      this.days.days(addDays(today, -29), today, live),
      // Live: right after midnight the sweep may not have rolled yesterday's last minutes up yet.
      this.days.liveDay(yesterday),
      this.topProducts(addDays(today, -6), today, live),
      this.todos(),
    ]);
    const series = last30.map(toDaySummary);
    return {
      timeZone: this.days.calendar.timeZone,
      today: series[series.length - 1]!,
      yesterday: toDaySummary(yesterdayLive),
      last7Days: series.slice(-7),
      last30Days: series,
      topProducts: top,
      todos,
    };
  }

  private async topProducts(from: number, to: number, live: Promise<DayFacts>): Promise<TopProduct[]> {
    const byProduct = new Map<number, TopProduct>();
    // Any SKU of a product names it: one per product is enough.
    const skuOf = new Map<number, number>();
    for (const s of await this.days.skus(from, to, live)) {
      if (!skuOf.has(s.productId)) skuOf.set(s.productId, s.skuId);
      const p = byProduct.get(s.productId) ?? { productId: s.productId, title: '', units: 0, gmv: 0 };
      p.units += s.units;
      p.gmv += s.gmv;
      byProduct.set(s.productId, p);
    }
    const top = [...byProduct.values()].sort((a, b) => b.gmv - a.gmv || a.productId - b.productId).slice(0, TOP_PRODUCTS);
    if (top.length === 0) return top;
    const ids = top.map((p) => skuOf.get(p.productId)!);
    const names = await this.replicas.read((m) => select(m, skuNames(ids.length), ['', ...ids]));
    const title = new Map(names.map((n) => [Number(n.productId), n.title]));
    return top.map((p) => ({ ...p, title: title.get(p.productId) ?? '' }));
  }

  private async todos(): Promise<DashboardTodos> {
    const entries = await Promise.all(
      Object.entries(TODO_COUNTERS).map(async ([key, c]) => {
        if (!c) return [key, null] as const;
        const [row] = await this.replicas.read((m) =>
          select(m, c.statement, c.threshold ? [this.settings.current().lowStockThreshold] : []),
        );
        return [key, Number(row?.n ?? 0)] as const;
      }),
    );
    return Object.fromEntries(entries) as unknown as DashboardTodos;
  }
}
