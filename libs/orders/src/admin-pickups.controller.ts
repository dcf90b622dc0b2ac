import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth, type AdminIdentity, CurrentAdmin } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import type { AdminOrderView } from './dto/order-view.dto';
import { type AdminPickupPage, ExtendPickupDto, PickupListQuery, VerifyPickupDto } from './dto/pickup.dto';
import { OrdersErrors } from './orders.errors';
import { PickupsService } from './pickups.service';

/** Steps of a pick-up order (operators, or store staff for their own store). */
const STEP_ERRORS = [OrdersErrors.notFound, OrdersErrors.wrongDeliveryMode, OrdersErrors.stateConflict, OrdersErrors.pickupStateConflict];

@ApiTags('admin')
@Controller('admin/pickups')
export class AdminPickupsController {
  constructor(private readonly pickups: PickupsService) {}

  /**
   * Pick-up orders, newest first.
   * @remarks `unclaimed=true`: ready, paid, and past their due time (PICKUP_UNCLAIMED_DAYS after ready): refund them
   * through after-sale or extend them. Store staff see their own store's only.
   */
  @Get()
  @AdminAuth('store_staff')
  @ApiOperation({ operationId: 'adminListPickups' })
  list(@CurrentAdmin() admin: AdminIdentity, @Query() q: PickupListQuery): Promise<AdminPickupPage> {
    return this.pickups.list(admin, q);
  }

  /** Mark a paid pick-up order ready for collection (WeChat's shipping-info service is told). */
  @Post(':orderId/ready')
  @HttpCode(200)
  @AdminAuth('store_staff')
  @ApiOperation({ operationId: 'adminMarkPickupReady' })
  @ApiErrors(...STEP_ERRORS)
  ready(@CurrentAdmin() admin: AdminIdentity, @Param('orderId', IdPipe) orderId: number): Promise<AdminOrderView> {
    return this.pickups.ready(admin, orderId);
  }

  /** Confirm collection by the buyer's code or QR text: the order is completed. */
  @Post('verify')
  @HttpCode(200)
  @AdminAuth('store_staff')
  @ApiOperation({ operationId: 'adminVerifyPickup' })
  @ApiErrors(OrdersErrors.pickupCodeInvalid, OrdersErrors.pickupCodeAmbiguous, OrdersErrors.shippingBlocked, ...STEP_ERRORS)
  verify(@CurrentAdmin() admin: AdminIdentity, @Body() dto: VerifyPickupDto): Promise<AdminOrderView> {
    return this.pickups.verify(admin, dto);
  }

  /** Give an uncollected pick-up more days. */
  @Post(':orderId/extend')
  @HttpCode(200)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminExtendPickup' })
  @ApiErrors(...STEP_ERRORS)
  extend(
    @CurrentAdmin() admin: AdminIdentity,
    @Param('orderId', IdPipe) orderId: number,
    @Body() dto: ExtendPickupDto,
  ): Promise<AdminOrderView> {
    return this.pickups.extend(admin, orderId, dto.days);
  }
}
