const BEIJING_OFFSET_MS = 8 * 3600_000;

/**
 * RFC 3339 in Beijing time with an explicit offset, whole seconds: `2026-11-22T13:04:05+08:00`.
 * WeChat Pay wants this shape for `time_expire` and uses it for `success_time` / `create_time`.
 */
export function formatWechatPayTime(at: Date): string {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('formatWechatPayTime: invalid date');
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}
