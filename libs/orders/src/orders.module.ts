import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CartModule } from '@app/cart';
import { CatalogModule } from '@app/catalog';
import { PromotionsModule } from '@app/promotions';
import { ModerationModule } from '@app/moderation';
import { AdminOrdersController } from './admin-orders.controller';
import { AdminPickupsController } from './admin-pickups.controller';
import { AdminOrdersService } from './admin-orders.service';
import { CheckoutService } from './checkout.service';
import { OrderAfterSalesService } from './order-after-sales.service';
import { OrderDestinations } from './order-destinations';
import { OrderEvent } from './order-event.entity';
import { OrderItem } from './order-item.entity';
import { OrderPickup } from './order-pickup.entity';
import { OrderLifecycle } from './order-lifecycle';
import { OrderPaymentsService } from './order-payments.service';
import { OrderReviewsService } from './order-reviews.service';
import { OrderSweeps } from './order-sweeps';
import { OrderTransitions } from './order-transitions.service';
import { Order } from './order.entity';
import { OrdersController } from './orders.controller';
import { OrderWebhooks } from './order-webhooks';
import { OrdersService } from './orders.service';
import { PickupEvent } from './pickup-event.entity';
import { PickupsService } from './pickups.service';
import { PurchaseLimits } from './purchase-limits.service';
import { Shipment } from './shipment.entity';
import { CustomerOrders } from './customer-orders';
import { AdminOrderNotesController } from './admin-order-notes.controller';
import { OrderNote } from './order-note.entity';
import { OrderNotesService } from './order-notes.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Order, OrderItem, OrderEvent, Shipment, OrderNote, OrderPickup, PickupEvent]),
    AuthModule,
    CatalogModule,
    CartModule,
    PromotionsModule,
    ModerationModule,
  ],
  controllers: [OrdersController, AdminOrdersController, AdminOrderNotesController, AdminPickupsController],
  providers: [
    OrdersService,
    CheckoutService,
    AdminOrdersService,
    OrderTransitions,
    OrderLifecycle,
    OrderPaymentsService,
    OrderSweeps,
    OrderAfterSalesService,
    OrderReviewsService,
    PurchaseLimits,
    CustomerOrders,
    OrderNotesService,
    PickupsService,
    OrderDestinations,
    OrderWebhooks,
  ],
  exports: [OrderLifecycle, OrderPaymentsService, OrdersService, OrderAfterSalesService, OrderReviewsService],
})
export class OrdersModule {}
