import { randomInt } from 'node:crypto';

const SHANGHAI_OFFSET_MS = 8 * 3600_000; // no daylight saving

/**
 * Order (and after-sale) numbers: Asia/Shanghai business time to the millisecond (so they sort by time and read like
 * dates to support staff), then 8 random digits (so neighbours cannot be guessed).
 * `2611221530251238 4810 2093` -> "26112215302512348102093" (23 chars, [0-9]).
 */
export function newBusinessNo(now: Date): string {
  const d = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const stamp = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}${p(d.getUTCMilliseconds(), 3)}`;
  return `${stamp}${p(randomInt(0, 100_000_000), 8)}`;
}
