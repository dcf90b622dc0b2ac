import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AfterSaleModule } from '@app/after-sale';
import { AuthModule } from '@app/auth';
import { OrdersModule } from '@app/orders';
import { PaymentsModule } from '@app/payments';
import { WechatModule, WechatPayModule } from '@app/wechat';
import { AdminDistributionController } from './admin-distribution.controller';
import { DistributionBinding, DistributionBindingChange } from './binding.entity';
import { BindingsService } from './bindings.service';
import { CommissionRulesService } from './commission-rules.service';
import { Commission, CommissionRule } from './commission.entity';
import { CommissionsService } from './commissions.service';
import { DistributionReads } from './distribution-reads.service';
import { DistributionSettingsChange, DistributionSettingsRow } from './distribution-settings.entity';
import { DistributionSettingsService } from './distribution-settings.service';
import { DistributionController } from './distribution.controller';
import { PromoterLedgerService } from './promoter-ledger.service';
import { DistributionTransitions } from './promoter-transitions';
import { Promoter, PromoterEvent, PromoterLedger } from './promoter.entity';
import { PromotersService } from './promoters.service';
import { PromoterShareCode } from './share-code.entity';
import { ShareCodesService } from './share-codes.service';
import { TransferNotifyController } from './transfer-notify.controller';
import { TransfersService } from './transfers.service';
import { TransferNotification, Withdrawal, WithdrawalEvent } from './withdrawal.entity';
import { AdminWithdrawalsController, WithdrawalsController } from './withdrawals.controller';
import { WithdrawalsService } from './withdrawals.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      DistributionSettingsRow,
      DistributionSettingsChange,
      Promoter,
      PromoterEvent,
      PromoterLedger,
      DistributionBinding,
      DistributionBindingChange,
      CommissionRule,
      Commission,
      Withdrawal,
      WithdrawalEvent,
      TransferNotification,
      PromoterShareCode,
    ]),
    AuthModule,
    OrdersModule,
    PaymentsModule,
    AfterSaleModule,
    WechatPayModule,
    WechatModule,
  ],
  controllers: [
    DistributionController,
    AdminDistributionController,
    WithdrawalsController,
    AdminWithdrawalsController,
    TransferNotifyController,
  ],
  providers: [
    DistributionSettingsService,
    DistributionTransitions,
    PromoterLedgerService,
    PromotersService,
    BindingsService,
    CommissionRulesService,
    CommissionsService,
    DistributionReads,
    WithdrawalsService,
    TransfersService,
    ShareCodesService,
  ],
  exports: [DistributionSettingsService],
})
export class DistributionModule {}
