import { Test } from '@nestjs/testing';
import { CommonModule } from '@app/common';
import { ManualClock } from '@app/common/testing';
import { type AppConfig, ConfigModule, loadConfig } from '@app/config';
import { generateTestPayKeys, testPayEnv } from '@app/testing';
import { WechatPayNotifyVerifier } from './wechat-pay-notify.verifier';
import { WechatPayClient } from './wechat-pay.client';
import { WechatPayModule } from './wechat-pay.module';

describe('WechatPayModule', () => {
  const resolve = async (config: AppConfig) => {
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), CommonModule.forRoot({ clock: new ManualClock() }), WechatPayModule],
    }).compile();
    return { client: moduleRef.get(WechatPayClient), verifier: moduleRef.get(WechatPayNotifyVerifier) };
  };

  it('provides the client and the verifier with PAYMENT_PROVIDER=wechat', async () => {
    const keys = await generateTestPayKeys();
    const { client, verifier } = await resolve(loadConfig({ NODE_ENV: 'test', ...testPayEnv(keys, { baseUrl: 'http://127.0.0.1:9' }) }));
    expect(client).toBeInstanceOf(WechatPayClient);
    expect(verifier).toBeInstanceOf(WechatPayNotifyVerifier);
  });

  it('provides null for both with the mock provider (no keys needed)', async () => {
    const { client, verifier } = await resolve(loadConfig({ NODE_ENV: 'test', PAYMENT_PROVIDER: 'mock' }));
    expect(client).toBeNull();
    expect(verifier).toBeNull();
  });
});
