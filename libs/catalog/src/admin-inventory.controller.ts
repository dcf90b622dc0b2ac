import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import type { LowStockItem, StockAdjustmentResult, StockMovementView } from './dto/catalog.mappers';
import { LowStockQuery, StockAdjustmentDto, StockMovementQuery } from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('admin')
@Controller('admin')
export class AdminInventoryController {
  constructor(private readonly inventory: InventoryService) {}

  /** Stock change through the ledger; 409 STOCK_BELOW_ZERO when it would go negative, 400 STOCK_ABOVE_MAX above 1,000,000,000. */
  @Post('skus/:id/stock-adjustments')
  @AdminAuth('operator')
  adjust(
    @Param('id', IdPipe) id: number,
    @Body() dto: StockAdjustmentDto,
    @CurrentAdmin() admin: AdminIdentity,
  ): Promise<StockAdjustmentResult> {
    return this.inventory.adjustStock(undefined, id, dto.delta, dto.reason, admin.adminId);
  }

  /** Enabled SKUs of live products at or below the threshold, lowest first. */
  @Get('skus/low-stock')
  @AdminAuth('viewer')
  lowStock(@Query() q: LowStockQuery): Promise<Page<LowStockItem>> {
    return this.inventory.lowStock(q);
  }

  /** The stock ledger, newest first. */
  @Get('stock-movements')
  @AdminAuth('viewer')
  movements(@Query() q: StockMovementQuery): Promise<Page<StockMovementView>> {
    return this.inventory.movements(q);
  }
}
