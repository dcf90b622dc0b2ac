import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics. One registry per app instance (tests start several apps in one process). */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly jobsProcessed: Counter<'type' | 'outcome'>;
  /** Labelled series by "method status route": routes are patterns, so this stays small. */
  private readonly httpSeries = new Map<string, { observe(value: number): void }>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.jobsProcessed = new Counter({
      name: 'jobs_processed_total',
      help: 'Durable jobs run, by type and outcome (done, retry, dead)',
      labelNames: ['type', 'outcome'],
      registers: [this.registry],
    });
  }

  /** One request's duration; the labelled series is resolved once per (method, route, status), not per request. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.httpSeries.get(key);
    if (!series) {
      series = this.httpDuration.labels(method, route, String(status));
      this.httpSeries.set(key, series);
    }
    series.observe(seconds);
  }
}
