import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActiveShopper, CurrentUser, Public, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { ApiErrors, CommonErrors, IdPipe } from '@app/common';
import { OrdersErrors } from '@app/orders';
import { AfterSaleErrors } from './after-sale.errors';
import { AfterSalesService } from './after-sales.service';
import { AfterSaleListQuery, ApplyAfterSaleDto, QuoteAfterSaleDto, RefundablePreviewQuery, ReturnShipmentDto } from './dto/after-sale.dto';
import type { AfterSalePage, AfterSaleQuote, AfterSaleReason, AfterSaleView, RefundablePreview } from './dto/after-sale-view.dto';

/** Why a request for these items is refused (applying and quoting check alike). */
const REQUEST_REFUSALS = [
  OrdersErrors.notFound,
  AfterSaleErrors.notAllowed,
  AfterSaleErrors.windowClosed,
  AfterSaleErrors.itemBusy,
  AfterSaleErrors.quantityExceeded,
  AfterSaleErrors.amountTooHigh,
];

@ApiTags('after-sales')
@Controller('after-sales')
@ShopperAuth()
export class AfterSalesController {
  constructor(private readonly afterSales: AfterSalesService) {}

  /** The reasons a buyer picks from. */
  @Get('reasons')
  @Public()
  @ApiOperation({ operationId: 'listAfterSaleReasons' })
  reasons(): AfterSaleReason[] {
    return [...this.afterSales.reasons()];
  }

  /** Per item of one of the shopper's orders: how many units and how much money can still be refunded. */
  @Get('preview')
  @ApiOperation({ operationId: 'previewAfterSale' })
  @ApiErrors(OrdersErrors.notFound)
  preview(@CurrentUser() user: ShopperIdentity, @Query() q: RefundablePreviewQuery): Promise<RefundablePreview> {
    return this.afterSales.preview(user.userId, q.orderId);
  }

  /** The exact refund a request would get, checked like the real thing (nothing is written). */
  @Post('quote')
  @HttpCode(200)
  @ApiOperation({ operationId: 'quoteAfterSale' })
  @ApiErrors(...REQUEST_REFUSALS)
  quote(@CurrentUser() user: ShopperIdentity, @Body() dto: QuoteAfterSaleDto): Promise<AfterSaleQuote> {
    return this.afterSales.quote(user.userId, dto);
  }

  /**
   * Apply for a refund, or a return and refund, of items of an order.
   * @remarks One open request per item at a time; amounts are shared out by units, the shipping fee goes with the
   * refund that leaves nothing of an unshipped order to ship.
   */
  @Post()
  @ActiveShopper()
  @ApiOperation({ operationId: 'applyAfterSale' })
  @ApiErrors(...REQUEST_REFUSALS, CommonErrors.contentRisky)
  apply(@CurrentUser() user: ShopperIdentity, @Body() dto: ApplyAfterSaleDto): Promise<AfterSaleView> {
    return this.afterSales.apply(user.userId, dto);
  }

  /** The shopper's requests, newest first. */
  @Get()
  @ApiOperation({ operationId: 'listAfterSales' })
  list(@CurrentUser() user: ShopperIdentity, @Query() q: AfterSaleListQuery): Promise<AfterSalePage> {
    return this.afterSales.list(user.userId, q);
  }

  /** One of the shopper's requests, with its history and refund. */
  @Get(':id')
  @ApiOperation({ operationId: 'getAfterSale' })
  @ApiErrors(AfterSaleErrors.notFound)
  get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AfterSaleView> {
    return this.afterSales.get(user.userId, id);
  }

  /** Withdraw a request before it is decided (or before the goods are sent back). */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelAfterSale' })
  @ApiErrors(AfterSaleErrors.notFound, AfterSaleErrors.stateConflict)
  cancel(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AfterSaleView> {
    return this.afterSales.cancel(user.userId, id);
  }

  /** Tell the shop the goods were sent back (approved return requests, before the return deadline). */
  @Post(':id/return-shipment')
  @HttpCode(200)
  @ApiOperation({ operationId: 'submitAfterSaleReturn' })
  @ApiErrors(AfterSaleErrors.notFound, AfterSaleErrors.stateConflict, AfterSaleErrors.notAllowed)
  returnShipment(
    @CurrentUser() user: ShopperIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: ReturnShipmentDto,
  ): Promise<AfterSaleView> {
    return this.afterSales.returnShipment(user.userId, id, dto);
  }
}
