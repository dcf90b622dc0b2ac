import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import { AdminAfterSalesService } from './admin-after-sales.service';
import { AdminAfterSaleListQuery, ApproveAfterSaleDto, RejectAfterSaleDto } from './dto/after-sale.dto';
import type { AfterSaleView } from './dto/after-sale.mappers';

type AdminView = AfterSaleView & { userId: number };

@ApiTags('admin')
@Controller('admin/after-sales')
export class AdminAfterSalesController {
  constructor(private readonly afterSales: AdminAfterSalesService) {}

  @Get()
  @AdminAuth('viewer')
  list(@Query() q: AdminAfterSaleListQuery): Promise<Page<AdminView>> {
    return this.afterSales.list(q);
  }

  @Get(':id')
  @AdminAuth('viewer')
  detail(@Param('id', IdPipe) id: number): Promise<AdminView> {
    return this.afterSales.detail(id);
  }

  /** Optionally lowering the amount. refund_only -> refunding; return_refund -> awaiting_return. */
  @Post(':id/approve')
  @HttpCode(200)
  @AdminAuth('operator')
  approve(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ApproveAfterSaleDto): Promise<AdminView> {
    return this.afterSales.approve(admin.adminId, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @AdminAuth('operator')
  reject(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: RejectAfterSaleDto): Promise<AdminView> {
    return this.afterSales.reject(admin.adminId, id, dto.reason);
  }

  /** The returned goods arrived: restock them and refund. */
  @Post(':id/receive')
  @HttpCode(200)
  @AdminAuth('operator')
  receive(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminView> {
    return this.afterSales.receive(admin.adminId, id);
  }

  @Post(':id/refuse-receipt')
  @HttpCode(200)
  @AdminAuth('operator')
  refuseReceipt(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: RejectAfterSaleDto,
  ): Promise<AdminView> {
    return this.afterSales.refuseReceipt(admin.adminId, id, dto.reason);
  }

  @Post(':id/retry-refund')
  @HttpCode(200)
  @AdminAuth('operator')
  retryRefund(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number): Promise<AdminView> {
    return this.afterSales.retryRefund(admin.adminId, id);
  }
}
