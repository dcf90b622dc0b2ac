import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import { AdminOrdersService } from './admin-orders.service';
import { AdminOrderListQuery } from './dto/order-query.dto';
import type { AdminOrderView, OrderView } from './dto/order.mappers';
import { CancelOrderDto, ShipOrderDto } from './dto/ship-order.dto';

@ApiTags('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly orders: AdminOrdersService) {}

  @Get()
  @AdminAuth('viewer')
  list(@Query() q: AdminOrderListQuery): Promise<Page<OrderView & { userId: number }>> {
    return this.orders.list(q);
  }

  @Get(':id')
  @AdminAuth('viewer')
  detail(@Param('id', IdPipe) id: number): Promise<AdminOrderView> {
    return this.orders.detail(id);
  }

  @Post(':id/ship')
  @HttpCode(200)
  @AdminAuth('operator')
  ship(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ShipOrderDto): Promise<AdminOrderView> {
    return this.orders.ship(admin.adminId, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @AdminAuth('operator')
  cancel(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: CancelOrderDto): Promise<AdminOrderView> {
    return this.orders.cancel(admin.adminId, id, dto);
  }
}
