import { marks, sql, sqlFn } from '@app/database';
import type { CartItem } from './cart-item.entity';

/*
 * cart's hand-written statements: the cart is on the shopper's buying path (docs/decisions.md, "When SQL is written by
 * hand"), and its writes run under the shopper's row lock. `selected` is stored as 0/1.
 */

type Selected = { selected: boolean | number };

export const CART_LINES = sql<Pick<CartItem, 'id' | 'skuId' | 'quantity'> & Selected>(
  'SELECT id, sku_id AS skuId, quantity, selected FROM cart_item WHERE user_id = ? ORDER BY id DESC',
);
export const SELECTED_CART_LINES = sql<Pick<CartItem, 'id' | 'skuId' | 'quantity'>>(
  'SELECT id, sku_id AS skuId, quantity FROM cart_item WHERE user_id = ? AND selected = 1 ORDER BY id',
);
export const CART_LINE_OF_SKU = sql<Pick<CartItem, 'id' | 'quantity'>>(
  'SELECT id, quantity FROM cart_item WHERE user_id = ? AND sku_id = ?',
);
export const LOCK_CART_LINE = sql<Pick<CartItem, 'id' | 'skuId' | 'quantity'>>(
  'SELECT id, sku_id AS skuId, quantity FROM cart_item WHERE id = ? AND user_id = ? FOR UPDATE',
);
export const COUNT_CART_LINES = sql<{ n: number | string }>('SELECT COUNT(*) AS n FROM cart_item WHERE user_id = ?');
export const INSERT_CART_LINE = sql(
  'INSERT INTO cart_item (user_id, sku_id, quantity, selected, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
);
/** Adding to a line: the new quantity, and the line selected again. Parameters: quantity, updated_at, id. */
export const MERGE_CART_LINE = sql('UPDATE cart_item SET quantity = ?, selected = 1, updated_at = ? WHERE id = ?');
/** Changing a line: NULL keeps the quantity or the selection. Parameters: quantity, selected, updated_at, id. */
export const CHANGE_CART_LINE = sql(
  'UPDATE cart_item SET quantity = COALESCE(?, quantity), selected = COALESCE(?, selected), updated_at = ? WHERE id = ?',
);
/** Parameters: selected, updated_at, user_id, then the line ids (none: every line of the user). */
export const SELECT_CART_LINES = sqlFn(
  (lines: number | null) =>
    sql(`UPDATE cart_item SET selected = ?, updated_at = ? WHERE user_id = ?${lines === null ? '' : ` AND id IN (${marks(lines)})`}`),
  [[null], [2]],
);
export const REMOVE_CART_LINE = sql('DELETE FROM cart_item WHERE id = ? AND user_id = ?');
/** The ordered SKUs leave the cart (order creation from the cart). Parameters: user_id, the SKU ids. */
export const REMOVE_CART_SKUS = sqlFn(
  (skus: number) => sql(`DELETE FROM cart_item WHERE user_id = ? AND sku_id IN (${marks(skus)})`),
  [[2]],
);
