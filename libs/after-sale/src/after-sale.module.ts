import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { CatalogModule } from '@app/catalog';
import { ModerationModule } from '@app/moderation';
import { OrdersModule } from '@app/orders';
import { PaymentsModule } from '@app/payments';
import { AdminAfterSalesController } from './admin-after-sales.controller';
import { AdminAfterSalesService } from './admin-after-sales.service';
import { AfterSaleEvent } from './after-sale-event.entity';
import { AfterSaleItem } from './after-sale-item.entity';
import { AfterSaleOpenRequests } from './after-sale-open-requests';
import { AfterSaleReads } from './after-sale-reads';
import { AfterSaleRefunds } from './after-sale-refunds';
import { AfterSaleShipping } from './after-sale-shipping';
import { AfterSaleSweeps } from './after-sale-sweeps';
import { AfterSaleTransitions } from './after-sale-transitions.service';
import { AfterSale } from './after-sale.entity';
import { AfterSalesController } from './after-sales.controller';
import { AfterSalesService } from './after-sales.service';
import { CustomerAfterSales } from './customer-after-sales';
import { AdminOrderRefundsController } from './admin-order-refunds.controller';
import { MerchantRefundsService } from './merchant-refunds.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([AfterSale, AfterSaleItem, AfterSaleEvent]),
    AuthModule,
    CatalogModule,
    OrdersModule,
    PaymentsModule,
    ModerationModule,
  ],
  controllers: [AfterSalesController, AdminAfterSalesController, AdminOrderRefundsController],
  providers: [
    AfterSalesService,
    AdminAfterSalesService,
    AfterSaleReads,
    AfterSaleRefunds,
    AfterSaleShipping,
    AfterSaleTransitions,
    AfterSaleSweeps,
    CustomerAfterSales,
    MerchantRefundsService,
    AfterSaleOpenRequests,
  ],
  exports: [AfterSaleOpenRequests],
})
export class AfterSaleModule {}
