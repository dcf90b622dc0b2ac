/** Keys whose values never reach the audit log (nor any log): passwords, secrets, tokens, keys. */
const SECRET_KEY = /pass(word)?|pwd|secret|token|api.?key|private|credential|authorization|^code$/i;
const MAX_SUMMARY = 2000;
const MAX_DEPTH = 6;

function redact(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[...]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redact(v, depth + 1)]));
}

/** The change as the admin asked for it: the request body as JSON, secrets redacted, at most 2,000 characters. */
export function summarizeBody(body: unknown): string {
  if (body === undefined || body === null) return '';
  const text = JSON.stringify(redact(body, 0)) ?? '';
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

/** `/api/v1/admin/orders/:id/ship` -> `orders`: the admin collection a route writes. */
export function targetTypeOf(route: string): string {
  const m = /\/admin\/([^/]+)/.exec(route);
  return (m?.[1] ?? route).slice(0, 32);
}
