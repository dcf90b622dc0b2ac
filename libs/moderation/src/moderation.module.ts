import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '@app/auth';
import { WechatModule } from '@app/wechat';
import { ContentCheck } from './content-check.entity';
import { ImageRefs } from './image-refs';
import { MessagePushController } from './message-push.controller';
import { ModerationChecks } from './moderation-checks';
import { ModerationService } from './moderation.service';
import { ProfileScreening } from './profile-screening';

/** Content security for user text and images, and WeChat's message push endpoint. */
@Module({
  imports: [TypeOrmModule.forFeature([ContentCheck]), AuthModule, WechatModule],
  controllers: [MessagePushController],
  providers: [ModerationService, ModerationChecks, ImageRefs, ProfileScreening],
  exports: [ModerationService, ModerationChecks],
})
export class ModerationModule {}
