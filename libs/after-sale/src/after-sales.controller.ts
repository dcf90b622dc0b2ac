import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import type { Quote } from './after-sale-amounts';
import type { AFTER_SALE_REASONS } from './after-sale-state';
import { AfterSalesService, type RefundablePreview } from './after-sales.service';
import { AfterSaleListQuery, ApplyAfterSaleDto, QuoteAfterSaleDto, RefundablePreviewQuery, ReturnShipmentDto } from './dto/after-sale.dto';
import type { AfterSaleView } from './dto/after-sale.mappers';

@ApiTags('after-sales')
@Controller('after-sales')
@ShopperAuth()
export class AfterSalesController {
  constructor(private readonly afterSales: AfterSalesService) {}

  /** The reasons a buyer picks from. */
  @Get('reasons')
  @Public()
  reasons(): typeof AFTER_SALE_REASONS {
    return this.afterSales.reasons();
  }

  /** Per item of one of your orders: how many units and how much money can still be refunded. */
  @Get('preview')
  preview(@CurrentUser() user: ShopperIdentity, @Query() q: RefundablePreviewQuery): Promise<RefundablePreview> {
    return this.afterSales.preview(user.userId, q.orderId);
  }

  /** The exact refund a request would get, checked like the real thing. */
  @Post('quote')
  @HttpCode(200)
  quote(@CurrentUser() user: ShopperIdentity, @Body() dto: QuoteAfterSaleDto): Promise<Quote> {
    return this.afterSales.quote(user.userId, dto);
  }

  @Post()
  apply(@CurrentUser() user: ShopperIdentity, @Body() dto: ApplyAfterSaleDto): Promise<AfterSaleView> {
    return this.afterSales.apply(user.userId, dto);
  }

  @Get()
  list(@CurrentUser() user: ShopperIdentity, @Query() q: AfterSaleListQuery): Promise<Page<AfterSaleView>> {
    return this.afterSales.list(user.userId, q);
  }

  @Get(':id')
  get(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AfterSaleView> {
    return this.afterSales.get(user.userId, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<AfterSaleView> {
    return this.afterSales.cancel(user.userId, id);
  }

  @Post(':id/return-shipment')
  @HttpCode(200)
  returnShipment(
    @CurrentUser() user: ShopperIdentity,
    @Param('id', IdPipe) id: number,
    @Body() dto: ReturnShipmentDto,
  ): Promise<AfterSaleView> {
    return this.afterSales.returnShipment(user.userId, id, dto);
  }
}
