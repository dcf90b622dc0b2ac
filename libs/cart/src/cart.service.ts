import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CatalogErrors, CatalogService, type SkuSnapshot } from '@app/catalog';
import { Clock, mulFen, sumFen } from '@app/common';
import { dbDateTime, execute, isDuplicateKeyError, select, TransactionRunner } from '@app/database';
import { UsersService } from '@app/auth';
import { CartItem } from './cart-item.entity';
import { CartErrors } from './cart.errors';
import {
  CART_LINE_OF_SKU,
  CART_LINES,
  CHANGE_CART_LINE,
  COUNT_CART_LINES,
  INSERT_CART_LINE,
  LOCK_CART_LINE,
  MERGE_CART_LINE,
  REMOVE_CART_LINE,
  REMOVE_CART_SKUS,
  SELECT_CART_LINES,
  SELECTED_CART_LINES,
} from './cart.sql';
import { MAX_LINE_QUANTITY, type AddCartItemDto, type UpdateCartItemDto } from './dto/cart.dto';
import type { CartLineProblem, CartLineView, CartView, InvalidCartLineView } from './dto/cart.mappers';

export const MAX_CART_LINES = 100;

export interface CartLine {
  cartItemId: number;
  skuId: number;
  quantity: number;
}

/**
 * The cart: lines of (sku, quantity, selected). Prices and availability are always read live from
 * the catalog. Writes of one user serialize on that user's row lock, so the 100-line limit holds
 * under concurrent adds.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    private readonly catalog: CatalogService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async view(userId: number): Promise<CartView> {
    const rows = await select(this.ds.manager, CART_LINES, [userId]);
    const snapshots = await this.catalog.findSkusForCheckout(
      undefined,
      rows.map((r) => r.skuId),
    );
    const items: CartLineView[] = [];
    const invalidItems: InvalidCartLineView[] = [];
    for (const row of rows) {
      const snap = snapshots.get(row.skuId)!;
      const line = toLine(row, snap);
      const problem = lineProblem(snap, row.quantity);
      if (problem) invalidItems.push({ ...line, reason: problem });
      else items.push(line);
    }
    const selected = items.filter((l) => l.selected);
    return {
      items,
      invalidItems,
      totals: {
        selectedCount: selected.length,
        selectedQuantity: selected.reduce((a, l) => a + l.quantity, 0),
        itemsTotal: sumFen(selected.map((l) => l.lineTotal)),
      },
    };
  }

  /** Adds to the line of that SKU (merging) or creates it; never above stock or 999. */
  async add(userId: number, dto: AddCartItemDto): Promise<CartView> {
    const snap = (await this.catalog.findSkusForCheckout(undefined, [dto.skuId])).get(dto.skuId)!;
    // 404 like order creation: an unknown SKU id is an unknown resource wherever a shopper sends it.
    if (snap.unavailableReason === 'not_found') throw CatalogErrors.unknownSkus([dto.skuId]);
    if (!snap.available) throw CartErrors.skuUnavailable(dto.skuId, snap.unavailableReason ?? 'unavailable');
    await this.tx.run(async (m) => {
      await this.users.lockUser(m, userId);
      const [existing] = await select(m, CART_LINE_OF_SKU, [userId, dto.skuId]);
      const quantity = (existing?.quantity ?? 0) + dto.quantity;
      this.checkQuantity(quantity, snap);
      const now = dbDateTime(m, this.clock.now());
      if (existing) {
        await execute(m, MERGE_CART_LINE, [quantity, now, existing.id]);
        return;
      }
      const [lines] = await select(m, COUNT_CART_LINES, [userId]);
      if (Number(lines?.n ?? 0) >= MAX_CART_LINES) throw CartErrors.cartFull(MAX_CART_LINES);
      try {
        await execute(m, INSERT_CART_LINE, [userId, dto.skuId, quantity, now, now]);
      } catch (err) {
        // The user row lock makes this unreachable on MySQL; keep the message clear if it ever happens.
        if (isDuplicateKeyError(err)) throw CartErrors.skuUnavailable(dto.skuId, 'retry');
        throw err;
      }
    });
    return this.view(userId);
  }

  async update(userId: number, itemId: number, dto: UpdateCartItemDto): Promise<CartView> {
    await this.tx.run(async (m) => {
      const [item] = await select(m, LOCK_CART_LINE, [itemId, userId]);
      if (!item) throw CartErrors.itemNotFound();
      if (dto.quantity !== undefined && dto.quantity > item.quantity) {
        // Raising the quantity is checked against stock; lowering it always works (even if stock fell).
        const snap = (await this.catalog.findSkusForCheckout(m, [item.skuId])).get(item.skuId)!;
        this.checkQuantity(dto.quantity, snap);
      }
      const selected = dto.selected === undefined ? null : dto.selected ? 1 : 0;
      await execute(m, CHANGE_CART_LINE, [dto.quantity ?? null, selected, dbDateTime(m, this.clock.now()), itemId]);
    });
    return this.view(userId);
  }

  async remove(userId: number, itemId: number): Promise<void> {
    if (!(await execute(this.ds.manager, REMOVE_CART_LINE, [itemId, userId]))) throw CartErrors.itemNotFound();
  }

  async select(userId: number, selected: boolean, itemIds?: number[]): Promise<CartView> {
    const m = this.ds.manager;
    const params = [selected ? 1 : 0, dbDateTime(m, this.clock.now()), userId, ...(itemIds ?? [])];
    await execute(m, SELECT_CART_LINES(itemIds ? itemIds.length : null), params);
    return this.view(userId);
  }

  /** Selected lines, for checkout from the cart. */
  async selectedLines(manager: EntityManager | undefined, userId: number): Promise<CartLine[]> {
    const rows = await select(manager ?? this.ds.manager, SELECTED_CART_LINES, [userId]);
    return rows.map((r) => ({ cartItemId: r.id, skuId: r.skuId, quantity: r.quantity }));
  }

  /** Removes the ordered SKUs from the cart, in the order's transaction. */
  async removeSkus(manager: EntityManager, userId: number, skuIds: readonly number[]): Promise<void> {
    if (skuIds.length > 0) await execute(manager, REMOVE_CART_SKUS(skuIds.length), [userId, ...skuIds]);
  }

  private checkQuantity(quantity: number, snap: SkuSnapshot): void {
    if (quantity > MAX_LINE_QUANTITY) throw CartErrors.quantityLimit(MAX_LINE_QUANTITY);
    if (quantity > snap.stock) throw CartErrors.quantityTooHigh(snap.stock);
  }
}

type CartRow = Pick<CartItem, 'id' | 'skuId' | 'quantity'> & { selected: boolean | number };

function toLine(row: CartRow, snap: SkuSnapshot): CartLineView {
  return {
    id: row.id,
    skuId: row.skuId,
    productId: snap.productId,
    title: snap.title,
    specText: snap.specText,
    image: snap.image,
    price: snap.price,
    linePrice: snap.linePrice,
    quantity: row.quantity,
    stock: snap.stock,
    selected: Boolean(row.selected),
    lineTotal: mulFen(snap.price, row.quantity),
  };
}

export function lineProblem(snap: SkuSnapshot, quantity: number): CartLineProblem | null {
  if (!snap.available) return snap.unavailableReason ?? 'not_found';
  if (snap.stock <= 0) return 'out_of_stock';
  if (snap.stock < quantity) return 'stock_short';
  return null;
}
