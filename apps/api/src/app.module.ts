import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AfterSaleModule } from '@app/after-sale';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { CartModule } from '@app/cart';
import { CatalogModule } from '@app/catalog';
import { AllExceptionsFilter, Clock, CommonModule, createValidationPipe } from '@app/common';
import { type AppConfig, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { DistributionModule } from '@app/distribution';
import { JobsModule } from '@app/jobs';
import { LoginBridgeModule } from '@app/login-bridge';
import { ModerationModule } from '@app/moderation';
import { OrdersModule } from '@app/orders';
import { PaymentsModule } from '@app/payments';
import { PromotionsModule } from '@app/promotions';
import { SettingsModule } from '@app/settings';
import { ReviewsModule } from '@app/reviews';
import { ReportsModule } from '@app/reports';
import { WebhooksModule } from '@app/webhooks';
import { AuthSweeps } from './auth-sweeps';
import { HealthController } from './health/health.controller';

export interface AppModuleOptions {
  /** Tests inject a manual clock to move time without sleeping. */
  clock?: Clock;
}

/** Composition root: the modules of the shop, plus global validation and error mapping. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, opts: AppModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule.forRoot({ clock: opts.clock }),
        DatabaseModule,
        SettingsModule,
        AuthModule,
        AuditModule,
        JobsModule,
        WebhooksModule,
        ModerationModule,
        CatalogModule,
        CartModule,
        PromotionsModule,
        OrdersModule,
        PaymentsModule,
        AfterSaleModule,
        ReviewsModule,
        ReportsModule,
        DistributionModule,
        LoginBridgeModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        AuthSweeps,
      ],
    };
  }
}
