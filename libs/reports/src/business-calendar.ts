/**
 * Business days in the shop's time zone (SHOP_TIMEZONE). A day is a number `yyyymmdd` (20261130): portable across
 * MySQL and the embedded driver, sortable, and free of any driver's idea of a DATE's time zone. Days become UTC
 * ranges here and nowhere else, so no query groups by a UTC date by accident. Zones with daylight saving work:
 * a day's start is found from the zone's offset at that instant, not from a fixed offset.
 */
export type Day = number;
export type Granularity = 'day' | 'week' | 'month';

const DAY_MS = 86_400_000;

export class BusinessCalendar {
  private readonly parts: Intl.DateTimeFormat;

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The business day an instant falls on. */
  dayOf(t: Date): Day {
    const p = this.fields(t);
    return p.year * 10_000 + p.month * 100 + p.day;
  }

  /** The instant the business day starts (local midnight, or the first instant after it in a DST gap). */
  startOf(day: Day): Date {
    const { y, m, d } = split(day);
    const wall = Date.UTC(y, m - 1, d);
    // Two rounds settle the offset around a transition.
    let t = wall - this.offsetMs(new Date(wall));
    t = wall - this.offsetMs(new Date(t));
    return new Date(t);
  }

  /** [start, end) of the business day in UTC. */
  rangeOf(day: Day): [Date, Date] {
    return [this.startOf(day), this.startOf(addDays(day, 1))];
  }

  private offsetMs(t: Date): number {
    const p = this.fields(t);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(t.getTime() / 1000) * 1000;
  }

  private fields(t: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const p of this.parts.formatToParts(t)) if (p.type in out) out[p.type as keyof typeof out] = Number(p.value);
    return out;
  }
}

function split(day: Day): { y: number; m: number; d: number } {
  return { y: Math.floor(day / 10_000), m: Math.floor(day / 100) % 100, d: day % 100 };
}

/** Calendar arithmetic on business days (no time zone involved). */
export function addDays(day: Day, n: number): Day {
  const { y, m, d } = split(day);
  return fromUtc(new Date(Date.UTC(y, m - 1, d) + n * DAY_MS));
}

function fromUtc(t: Date): Day {
  return t.getUTCFullYear() * 10_000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

/** Days from `a` to `b` (b - a). */
export function daysBetween(a: Day, b: Day): number {
  const x = split(a);
  const y = split(b);
  return Math.round((Date.UTC(y.y, y.m - 1, y.d) - Date.UTC(x.y, x.m - 1, x.d)) / DAY_MS);
}

/** The first day of the bucket holding `day`: itself, its week's Monday, or its month's first day. */
export function bucketStart(day: Day, g: Granularity): Day {
  if (g === 'day') return day;
  if (g === 'month') return Math.floor(day / 100) * 100 + 1;
  const { y, m, d } = split(day);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(day, -weekday);
}

/** The first day after the bucket starting at `start`. */
export function bucketEnd(start: Day, g: Granularity): Day {
  if (g === 'day') return addDays(start, 1);
  if (g === 'week') return addDays(start, 7);
  const { y, m } = split(start);
  return m === 12 ? (y + 1) * 10_000 + 101 : y * 10_000 + (m + 1) * 100 + 1;
}

/** 20261130 -> "2026-11-30". */
export function dayText(day: Day): string {
  const { y, m, d } = split(day);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "2026-11-30" -> 20261130, or undefined when it is not a real date. */
export function parseDay(text: string): Day | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const day = Number(m[1]) * 10_000 + Number(m[2]) * 100 + Number(m[3]);
  return addDays(day, 0) === day ? day : undefined;
}

/** Every day of [from, to], in order. */
export function daysOf(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}
