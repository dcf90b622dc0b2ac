import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { AdminOrdersService } from './admin-orders.service';
import { AdminOrderListQuery } from './dto/order-query.dto';
import type { AdminOrderPage, AdminOrderView } from './dto/order-view.dto';
import { CancelOrderDto, ShipOrderDto } from './dto/ship-order.dto';
import { OrdersErrors } from './orders.errors';

@ApiTags('admin')
@Controller('admin/orders')
export class AdminOrdersController {
  constructor(private readonly orders: AdminOrdersService) {}

  /** Orders, newest first, by status, order number, shopper and creation time. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListOrders' })
  list(@Query() q: AdminOrderListQuery): Promise<AdminOrderPage> {
    return this.orders.list(q);
  }

  /** One order with its history. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetOrder' })
  @ApiErrors(OrdersErrors.notFound)
  detail(@Param('id', IdPipe) id: number): Promise<AdminOrderView> {
    return this.orders.detail(id);
  }

  /**
   * Ship a paid order.
   * @remarks The shipping information is uploaded to WeChat by a job. Refused while a refund-only request on the
   * order is open.
   */
  @Post(':id/ship')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminShipOrder' })
  @ApiErrors(OrdersErrors.notFound, OrdersErrors.stateConflict, OrdersErrors.wrongDeliveryMode, OrdersErrors.shippingBlocked)
  ship(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: ShipOrderDto): Promise<AdminOrderView> {
    return this.orders.ship(admin.adminId, id, dto);
  }

  /** Cancel an unpaid order, with a reason. */
  @Post(':id/cancel')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCancelOrder' })
  @ApiErrors(OrdersErrors.notFound, OrdersErrors.stateConflict)
  cancel(@CurrentAdmin() admin: AdminIdentity, @Param('id', IdPipe) id: number, @Body() dto: CancelOrderDto): Promise<AdminOrderView> {
    return this.orders.cancel(admin.adminId, id, dto);
  }
}
