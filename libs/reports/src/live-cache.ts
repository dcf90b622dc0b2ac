import { Injectable } from '@nestjs/common';
import { Clock } from '@app/common';
import { type AppConfig, InjectConfig } from '@app/config';

export interface LiveValue<T> {
  value: T;
  /** When it was read from the raw rows. */
  readAt: Date;
}

interface Entry {
  value: unknown;
  readAt: number;
}

/**
 * Figures read live from the raw rows (today, this week's or month's buyers, the dashboard document), kept per instance
 * for REPORTS_LIVE_MAX_AGE_MS: on a year of orders one read of today costs tens of milliseconds of MariaDB time, and 20
 * admins asking for the dashboard at once queued behind those reads (p99 16 s, docs/benchmark.md "Reports"). Past
 * that age a value is still served, at most twice that old, while one read refreshes it, so no admin waits for the
 * refresh; older or missing values are read (one read per key at a time). Operators need no sub-second freshness and
 * each answer says when its live part was read. 0 (the default under NODE_ENV=test) reads every time.
 */
@Injectable()
export class LiveCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();

  constructor(
    private readonly clock: Clock,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** `key` must name what is read (e.g. the day): entries of other keys are never served for it. */
  async get<T>(key: string, load: () => Promise<T>): Promise<LiveValue<T>> {
    const maxAge = this.config.reports.liveMaxAgeMs;
    const now = this.clock.now().getTime();
    if (maxAge === 0) return { value: await load(), readAt: new Date(now) };
    const hit = this.entries.get(key);
    const age = hit ? now - hit.readAt : Infinity;
    if (age < maxAge) return asValue<T>(hit!);
    let refresh = this.loading.get(key);
    if (!refresh) {
      refresh = load()
        .then((value) => {
          const entry = { value, readAt: now };
          this.entries.set(key, entry);
          this.prune(now, maxAge);
          return entry;
        })
        .finally(() => this.loading.delete(key));
      this.loading.set(key, refresh);
    }
    if (age < 2 * maxAge) {
      refresh.catch(() => undefined); // the next reader retries
      return asValue<T>(hit!);
    }
    return asValue<T>(await refresh);
  }

  private prune(now: number, maxAge: number): void {
    for (const [key, e] of this.entries) if (now - e.readAt >= 2 * maxAge) this.entries.delete(key);
  }
}

function asValue<T>(e: Entry): LiveValue<T> {
  return { value: e.value as T, readAt: new Date(e.readAt) };
}
