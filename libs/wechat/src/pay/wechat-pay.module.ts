import { Module } from '@nestjs/common';
import { Clock } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { WechatPayNotifyVerifier } from './wechat-pay-notify.verifier';
import { WechatPayClient } from './wechat-pay.client';

const whenWechat =
  <T>(make: (config: AppConfig, clock: Clock) => T) =>
  (config: AppConfig, clock: Clock): T | null =>
    config.payments.provider === 'wechat' ? make(config, clock) : null;

/**
 * WeChat Pay building blocks. They exist only with PAYMENT_PROVIDER=wechat (keys are validated at
 * boot by loadConfig, and again here when the keys are parsed); with the mock provider both tokens
 * resolve to `null`, so a consumer injects `@Inject(WechatPayClient) client: WechatPayClient | null`
 * and picks its provider from config. A factory rather than a dynamic module keeps importers static.
 */
@Module({
  providers: [
    { provide: WechatPayClient, useFactory: whenWechat((c, clock) => new WechatPayClient(c, clock)), inject: [APP_CONFIG, Clock] },
    {
      provide: WechatPayNotifyVerifier,
      useFactory: whenWechat((c, clock) => new WechatPayNotifyVerifier(c, clock)),
      inject: [APP_CONFIG, Clock],
    },
  ],
  exports: [WechatPayClient, WechatPayNotifyVerifier],
})
export class WechatPayModule {}
