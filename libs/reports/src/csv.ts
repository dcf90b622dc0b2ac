/*
 * CSV for Excel: UTF-8 with a byte order mark (Excel reads Chinese text as GBK without it), CRLF line ends, RFC 4180
 * quoting, and guarded against formula injection: a text cell starting with = + - @ (or a tab or carriage return,
 * which Excel skips before one) is prefixed with an apostrophe, so a product title like `=HYPERLINK(...)` stays text.
 * Numbers are written as they are (a negative number is not a formula).
 */

export type Cell = string | number | null | undefined;

export const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = v;
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The CSV text of a header and batches of rows: the BOM and header first, then one string per batch. */
export async function* csvText(header: readonly string[], batches: AsyncIterable<Cell[][]>): AsyncGenerator<string> {
  yield BOM + csvLine(header);
  for await (const rows of batches) {
    if (rows.length > 0) yield rows.map(csvLine).join('');
  }
}

/** 9900 -> "99.00", -150 -> "-1.50": a yuan column beside the fen one. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** 13800138000 -> 138****8000 (as in logs); shown whole only to owners. */
export function maskedPhone(phone: string | null | undefined, unmasked: boolean): string {
  if (!phone) return '';
  if (unmasked) return phone;
  return phone.length <= 7 ? '****' : `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** An openid is an identifier across the shop's systems: exports show enough to match, never all of it. */
export function maskedOpenid(openid: string): string {
  return openid.length <= 8 ? '****' : `${openid.slice(0, 4)}****${openid.slice(-4)}`;
}
