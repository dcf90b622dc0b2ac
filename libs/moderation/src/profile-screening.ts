import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ProfileChecks, UsersService } from '@app/auth';
import { SCENE } from './content-verdict';
import { type ContentTarget, ModerationService } from './moderation.service';

export const NICKNAME_TARGET = 'nickname';
export const AVATAR_TARGET = 'avatar';

/**
 * Profile content security (scene 1). Nicknames are screened before auth stores them: risky is refused (400
 * CONTENT_RISKY naming `nickname`), a held one is stored. Avatars (cloud:// or https) go to mediaCheckAsync once
 * stored; a risky one is removed from the profile. Reviews copy neither while it is not cleared.
 */
@Injectable()
export class ProfileScreening implements OnModuleInit {
  private readonly logger = new Logger(ProfileScreening.name);

  constructor(
    private readonly ds: DataSource,
    private readonly profile: ProfileChecks,
    private readonly users: UsersService,
    private readonly moderation: ModerationService,
  ) {}

  onModuleInit(): void {
    if (!this.moderation.enabled) return;
    this.profile.register({
      nickname: async (userId, field, text) => {
        const screening = await this.moderation.screenText({
          userId,
          scene: SCENE.profile,
          content: text,
          targetType: NICKNAME_TARGET,
          field,
        });
        await this.moderation.attach(this.ds.manager, { type: NICKNAME_TARGET, id: userId }, [screening]);
      },
      avatar: async (userId, url) => {
        // Only what WeChat can fetch is checked (http avatars exist only in local development).
        if (!/^(cloud|https):\/\//.test(url)) return;
        await this.moderation.submitImages(
          this.ds.manager,
          { type: AVATAR_TARGET, id: userId },
          { userId, scene: SCENE.profile, refs: [url] },
        );
      },
    });
    this.moderation.onVerdict(AVATAR_TARGET, (m, target) => this.onAvatarVerdict(m, target));
  }

  private async onAvatarVerdict(m: EntityManager, target: ContentTarget): Promise<void> {
    const last = await this.moderation.latest(m, target, 'image');
    if (last?.verdict !== 'risky') return;
    const user = await this.users.findById(target.id);
    // Only if the user still shows that avatar (a newer one has a check of its own).
    if (user && user.avatarUrl === last.mediaRef) {
      await this.users.update(target.id, { avatarUrl: '' });
      this.logger.warn({ userId: target.id }, 'risky avatar removed');
    }
  }
}
