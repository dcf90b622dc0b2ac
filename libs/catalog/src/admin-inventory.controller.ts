import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import {
  type LowStockPage,
  LowStockQuery,
  type StockAdjustmentResult,
  StockAdjustmentDto,
  type StockMovementPage,
  StockMovementQuery,
} from './dto/inventory.dto';
import { InventoryService } from './inventory.service';

@ApiTags('admin')
@Controller('admin')
export class AdminInventoryController {
  constructor(private readonly inventory: InventoryService) {}

  /**
   * Change a SKU's stock through the ledger.
   * @remarks Stock never goes below zero nor above 1,000,000,000.
   */
  @Post('skus/:id/stock-adjustments')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminAdjustStock' })
  @ApiErrors(CatalogErrors.skuNotFound, CatalogErrors.stockBelowZero, CatalogErrors.stockAboveMax)
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
  @ApiOperation({ operationId: 'adminListLowStock' })
  lowStock(@Query() q: LowStockQuery): Promise<LowStockPage> {
    return this.inventory.lowStock(q);
  }

  /** The stock ledger, newest first. */
  @Get('stock-movements')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListStockMovements' })
  movements(@Query() q: StockMovementQuery): Promise<StockMovementPage> {
    return this.inventory.movements(q);
  }
}
