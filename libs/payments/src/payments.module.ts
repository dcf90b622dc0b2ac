import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { OrdersModule } from '@app/orders';
import { WechatModule, WechatPayClient, WechatPayModule } from '@app/wechat';
import { AdminRefundsController } from './admin-refunds.controller';
import { DevPaymentsController } from './dev-payments.controller';
import { OrderSideEffects } from './order-side-effects';
import { PaymentNotification } from './payment-notification.entity';
import { PaymentNotificationsService } from './payment-notifications.service';
import { PaymentEvent } from './payment-event.entity';
import { PaymentNotifyController } from './payment-notify.controller';
import { PaymentTransitions } from './payment-transitions.service';
import { Payment } from './payment.entity';
import { PaymentsController } from './payments.controller';
import { PaymentsService } from './payments.service';
import { MockPaymentProvider } from './providers/mock-payment.provider';
import { PAYMENT_PROVIDER } from './providers/payment-provider';
import { WechatPaymentProvider } from './providers/wechat-payment.provider';
import { Reconciliation } from './reconciliation';
import { RefundEvent } from './refund-event.entity';
import { Refund } from './refund.entity';
import { RefundsService } from './refunds.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Payment, Refund, PaymentNotification, PaymentEvent, RefundEvent]),
    AuthModule,
    OrdersModule,
    WechatModule,
    WechatPayModule,
  ],
  controllers: [PaymentsController, PaymentNotifyController, DevPaymentsController, AdminRefundsController],
  providers: [
    {
      provide: PAYMENT_PROVIDER,
      inject: [APP_CONFIG, Clock, WechatPayClient],
      useFactory: (config: AppConfig, clock: Clock, client: WechatPayClient | null) =>
        config.payments.provider === 'wechat' ? new WechatPaymentProvider(client!) : new MockPaymentProvider(clock),
    },
    PaymentsService,
    PaymentTransitions,
    RefundsService,
    PaymentNotificationsService,
    OrderSideEffects,
    Reconciliation,
  ],
  exports: [PaymentsService, RefundsService],
})
export class PaymentsModule {}
