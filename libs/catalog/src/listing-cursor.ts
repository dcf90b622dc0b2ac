import { CatalogErrors } from './catalog.errors';
import type { ProductSort } from './dto/product-query.dto';

/** Where a listing page ended: the last row's sort value (dates as ISO text) and id, and the sort it belongs to. */
export interface Cursor {
  sort: ProductSort;
  key: number | string;
  id: number;
}

/** Opaque to clients: base64url JSON. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');
}

/** The cursor of a listing with this sort, or 400 naming `cursor`. */
export function decodeCursor(text: string, sort: ProductSort): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [s, key, id] = parsed as [unknown, unknown, unknown];
    const validKey = (typeof key === 'number' && Number.isSafeInteger(key)) || (typeof key === 'string' && !Number.isNaN(Date.parse(key)));
    if (s === sort && validKey && typeof id === 'number' && Number.isSafeInteger(id) && id > 0) return { sort, key, id };
  }
  throw CatalogErrors.field('cursor', "not a cursor of this listing (send the previous page's nextCursor with the same sort)");
}
