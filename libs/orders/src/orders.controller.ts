import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ActiveShopper, AuthErrors, CurrentUser, RateLimit, ShopperAuth, type ShopperIdentity } from '@app/auth';
import { CatalogErrors } from '@app/catalog';
import { ApiErrors, CommonErrors, IdPipe } from '@app/common';
import { CheckoutService } from './checkout.service';
import type { CheckoutPreview } from './dto/checkout-view.dto';
import { CheckoutPreviewDto, CreateOrderDto } from './dto/create-order.dto';
import { OrderListQuery } from './dto/order-query.dto';
import type { OrderCounts, OrderPage, OrderView } from './dto/order-view.dto';
import { OrdersErrors } from './orders.errors';
import { OrdersService } from './orders.service';

/** What order creation refuses, in the order it checks (the checkout preview lists them as `blockers`). */
const ORDER_REFUSALS = [
  CatalogErrors.unknownSkus,
  OrdersErrors.skusUnavailable,
  OrdersErrors.amountTooLarge,
  OrdersErrors.limitPerOrder,
  OrdersErrors.tooManyUnpaidOrders,
  OrdersErrors.limitPerUser,
  CatalogErrors.outOfStock,
];

@ApiTags('orders')
@Controller()
@ShopperAuth()
export class OrdersController {
  constructor(
    private readonly orders: OrdersService,
    private readonly checkout: CheckoutService,
  ) {}

  /**
   * Price lines as POST /orders would, and say whether it would accept them.
   * @remarks Lines are `items` or `fromCart`. Each line carries its problem, if any; `orderable` and `blockers` say
   * whether and why creating the order would be refused now (the first blocker is the error it would answer).
   */
  @Post('checkout/preview')
  @HttpCode(200)
  @ApiOperation({ operationId: 'previewCheckout' })
  @ApiErrors(AuthErrors.addressNotFound)
  preview(@CurrentUser() user: ShopperIdentity, @Body() dto: CheckoutPreviewDto): Promise<CheckoutPreview> {
    return this.checkout.preview(user.userId, dto);
  }

  /**
   * Create an order and reserve its stock.
   * @remarks The same Idempotency-Key again answers the same order (header `idempotent-replayed: true`) and
   * writes nothing; the same key with another request is 409 IDEMPOTENCY_CONFLICT. Ordering from the cart
   * removes the ordered lines from it. Pay before `payExpiresAt`.
   */
  @Post('orders')
  @RateLimit('orders')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: '8-64 characters [A-Za-z0-9_-], new per order attempt; a retry with the same key answers the same order',
  })
  @ActiveShopper()
  @ApiOperation({ operationId: 'createOrder' })
  @ApiErrors(...ORDER_REFUSALS, AuthErrors.addressNotFound, OrdersErrors.idempotencyConflict, CommonErrors.contentRisky)
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

  /** The shopper's orders, newest first, optionally of one status. */
  @Get('orders')
  @ApiOperation({ operationId: 'listOrders' })
  list(@CurrentUser() user: ShopperIdentity, @Query() q: OrderListQuery): Promise<OrderPage> {
    return this.orders.list(user.userId, q);
  }

  /** The number of the shopper's orders per status (user center badges). */
  @Get('orders/counts')
  @ApiOperation({ operationId: 'countOrders' })
  counts(@CurrentUser() user: ShopperIdentity): Promise<OrderCounts> {
    return this.orders.counts(user.userId);
  }

  /** One of the shopper's orders, with the actions it allows now. */
  @Get('orders/:id')
  @ApiOperation({ operationId: 'getOrder' })
  @ApiErrors(OrdersErrors.notFound)
  detail(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.detail(user.userId, id);
  }

  /** Cancel an unpaid order (its stock is released). */
  @Post('orders/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ operationId: 'cancelOrder' })
  @ApiErrors(OrdersErrors.notFound, OrdersErrors.stateConflict)
  cancel(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.cancelByUser(user.userId, id);
  }

  /** Confirm that a shipped order arrived: it is completed. */
  @Post('orders/:id/confirm-receipt')
  @HttpCode(200)
  @ApiOperation({ operationId: 'confirmOrderReceipt' })
  @ApiErrors(OrdersErrors.notFound, OrdersErrors.stateConflict)
  confirmReceipt(@CurrentUser() user: ShopperIdentity, @Param('id', IdPipe) id: number): Promise<OrderView> {
    return this.orders.confirmReceipt(user.userId, id);
  }
}
