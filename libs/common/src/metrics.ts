import { collectDefaultMetrics, Counter, type Metric, type MetricValueWithName, Registry } from 'prom-client';

interface Series<L extends string> {
  labels: Record<L, string>;
  /** Observations per bucket (not cumulative), the last one past every bound. */
  counts: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram whose series are resolved once: an observation is a bucket search and three additions.
 * prom-client's own re-checks and re-hashes the labels on every observation, which was about a quarter of what
 * wxmall adds to a request on `GET /healthz` (docs/benchmark.md). It serves prom-client's registry through the
 * same interface as prom-client's metrics (`get`, `reset`), with the same text.
 */
export class SeriesHistogram<L extends string> {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly all: Series<L>[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** The series of these label values (call once per series and keep the function). */
  series(labels: Record<L, string>): (value: number) => void {
    const s: Series<L> = { labels, counts: new Array<number>(this.bounds.length + 1).fill(0), sum: 0, count: 0 };
    this.all.push(s);
    const bounds = this.bounds;
    return (value) => {
      let i = 0;
      while (i < bounds.length && value > bounds[i]!) i++;
      s.counts[i]!++;
      s.sum += value;
      s.count++;
    };
  }

  /** What prom-client's registry reads from a metric (`getMetricsAsString`, `getMetricsAsJSON`). */
  get(): Promise<{ name: string; help: string; type: 'histogram'; values: MetricValueWithName<string>[]; aggregator: 'sum' }> {
    const values: MetricValueWithName<string>[] = [];
    for (const s of this.all) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i]!;
        values.push({ value: acc, metricName: `${this.name}_bucket`, labels: { le, ...s.labels } });
      });
      values.push({ value: s.count, metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...s.labels } });
      values.push({ value: s.sum, metricName: `${this.name}_sum`, labels: { ...s.labels } });
      values.push({ value: s.count, metricName: `${this.name}_count`, labels: { ...s.labels } });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator });
  }

  reset(): void {
    for (const s of this.all) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}

/** Prometheus metrics. One registry per app instance (tests start several apps in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: SeriesHistogram<'method' | 'route' | 'status'>;
  readonly jobsProcessed: Counter<'type' | 'outcome'>;
  /** Labelled series by route, method and status: routes are patterns, so this stays small. */
  private readonly httpSeries = new Map<string, Map<string, Map<number, (seconds: number) => void>>>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new SeriesHistogram(
      'http_request_duration_seconds',
      'HTTP request duration by route and status',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      this.registry,
    );
    this.jobsProcessed = new Counter({
      name: 'jobs_processed_total',
      help: 'Durable jobs run, by type and outcome (done, retry, dead)',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
  }

  /**
   * One request's duration; the labelled series is resolved once per (method, route, status), not per request, by
   * lookups of the strings the request already holds (no key is built per request).
   */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.httpSeries.get(route);
    if (!byMethod) this.httpSeries.set(route, (byMethod = new Map<string, Map<number, (seconds: number) => void>>()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map<number, (seconds: number) => void>()));
    let observe = byStatus.get(status);
    if (!observe) byStatus.set(status, (observe = this.httpDuration.series({ method, route, status: String(status) })));
    observe(seconds);
  }
}
