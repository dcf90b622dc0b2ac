import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, RateLimit, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import { CheckoutService, type CheckoutPreview } from './checkout.service';
import { CheckoutPreviewDto, CreateOrderDto } from './dto/create-order.dto';
import { OrderListQuery } from './dto/order-query.dto';
import type { OrderView } from './dto/order.mappers';
import type { OrderStatus } from './order-state';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller()
@ShopperAuth()
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly checkout: CheckoutService,
  ) {}

  /**
   * Prices lines (`items` or `fromCart`) as POST /orders would, with per-line problems; `orderable` and `blockers`
   * say whether and why creating the order would be refused (404 NOT_FOUND, 409 SKU_UNAVAILABLE,
   * PURCHASE_LIMIT_PER_ORDER, TOO_MANY_UNPAID_ORDERS, PURCHASE_LIMIT_PER_USER, OUT_OF_STOCK; 400 ORDER_AMOUNT_TOO_LARGE).
   */
  @Post('checkout/preview')
  @HttpCode(200)
  preview(@CurrentUser() user: ShopperIdentity, @Body() dto: CheckoutPreviewDto): Promise<CheckoutPreview> {
    return this.checkout.preview(user.userId, dto);
  }

  /**
   * Creates an order and reserves its stock (201); the same Idempotency-Key again returns the same order. Refusals:
   * 400 VALIDATION_FAILED, ORDER_AMOUNT_TOO_LARGE; 404 NOT_FOUND (SKU or address); 409 SKU_UNAVAILABLE,
   * PURCHASE_LIMIT_PER_ORDER, TOO_MANY_UNPAID_ORDERS, PURCHASE_LIMIT_PER_USER, OUT_OF_STOCK, IDEMPOTENCY_CONFLICT.
   */
  @Post('orders')
  @RateLimit('orders')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '8-64 characters [A-Za-z0-9_-]; a retry with the same key returns the same order',
  })
  async create(
    @CurrentUser() user: ShopperIdentity,
    @Headers('idempotency-key') key: string | undefined,
    @Body() dto: CreateOrderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const { order, replayed } = await this.checkout.create(user.userId, key, dto);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return order;
  }

  @Get('orders')
  list(@CurrentUser() user: ShopperIdentity, @Query() q: OrderListQuery): Promise<Page<OrderView>> {
    return this.orders.list(user.userId, q);
  }

  @Get('orders/counts')
  counts(@CurrentUser() user: ShopperIdentity): Promise<Record<OrderStatus, number>> {
    return this.orders.counts(user.userId);
  }

  @Get('orders/:id')
  detail(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.detail(user.userId, id);
  }

  @Post('orders/:id/cancel')
  @HttpCode(200)
  cancel(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.cancelByUser(user.userId, id);
  }

  @Post('orders/:id/confirm-receipt')
  @HttpCode(200)
  confirmReceipt(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.confirmReceipt(user.userId, id);
  }
}
