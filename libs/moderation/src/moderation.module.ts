import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WechatModule } from '@app/wechat';
import { ContentCheck } from './content-check.entity';
import { ImageRefs } from './image-refs';
import { MessagePushController } from './message-push.controller';
import { ModerationChecks } from './moderation-checks';
import { ModerationService } from './moderation.service';

/** Content security for user text and images, and WeChat's message push endpoint. */
@Module({
  imports: [TypeOrmModule.forFeature([ContentCheck]), WechatModule],
  controllers: [MessagePushController],
  providers: [ModerationService, ModerationChecks, ImageRefs],
  exports: [ModerationService, ModerationChecks],
})
export class ModerationModule {}
