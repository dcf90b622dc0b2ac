import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProfileChecks } from '@app/auth';
import { SCENE } from './content-verdict';
import { ModerationService } from './moderation.service';

export const NICKNAME_TARGET = 'nickname';

/**
 * Nicknames are screened in the profile scene before auth stores them: risky is refused (400 CONTENT_RISKY naming
 * `nickname`); a held nickname is stored, and reviews written meanwhile do not show it.
 */
@Injectable()
export class ProfileScreening implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    private readonly profile: ProfileChecks,
    private readonly moderation: ModerationService,
  ) {}

  onModuleInit(): void {
    if (!this.moderation.enabled) return;
    this.profile.register(async (userId, field, text) => {
      const screening = await this.moderation.screenText({
        userId,
        scene: SCENE.profile,
        content: text,
        targetType: NICKNAME_TARGET,
        field,
      });
      await this.moderation.attach(this.ds.manager, { type: NICKNAME_TARGET, id: userId }, [screening]);
    });
  }
}
