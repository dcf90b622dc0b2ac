import { IsInt, Max, Min, NotEquals } from 'class-validator';
import { IsQueryId, IsQueryInt, IsText, PageOf, PageQuery } from '@app/common';
import type { StockReason } from '../stock-movement.entity';

export class StockAdjustmentDto {
  /** Units to add (> 0) or remove (< 0); stock never goes below zero. */
  @IsInt()
  @NotEquals(0, { message: 'delta must not be 0' })
  // No numeric separator in a negative bound: the Swagger plugin cannot read one and drops the whole property.
  @Min(-10000000)
  @Max(10000000)
  delta!: number;

  /** Why (stocktake, damaged goods, goods received...); kept in the ledger. */
  @IsText(1, 200)
  reason!: string;
}

export class StockMovementQuery extends PageQuery {
  @IsQueryId()
  skuId?: number;
}

export class LowStockQuery extends PageQuery {
  /** SKUs with stock at or below this (default LOW_STOCK_THRESHOLD). */
  @IsQueryInt(0, 10_000_000)
  threshold?: number;
}

export class StockMovementView {
  id!: number;
  skuId!: number;
  delta!: number;
  reason!: StockReason;
  /** What caused it (an order, a refund...), with its id. */
  refType!: string | null;
  refId!: number | null;
  stockAfter!: number;
  adminId!: number | null;
  note!: string | null;
  createdAt!: string;
}

export class StockMovementPage extends PageOf(StockMovementView) {}

export class StockAdjustmentResult {
  skuId!: number;
  /** Stock after the adjustment. */
  stock!: number;
  movement!: StockMovementView;
}

export class LowStockItem {
  skuId!: number;
  productId!: number;
  title!: string;
  specText!: string;
  code!: string;
  stock!: number;
}

export class LowStockPage extends PageOf(LowStockItem) {}
