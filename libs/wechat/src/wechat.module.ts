import { Module } from '@nestjs/common';
import { MessagePushVerifier } from './message-push';
import { WechatApiClient } from './wechat-api.client';

@Module({ providers: [WechatApiClient, MessagePushVerifier], exports: [WechatApiClient, MessagePushVerifier] })
export class WechatModule {}
