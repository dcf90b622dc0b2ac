import { Injectable } from '@nestjs/common';

/** Checks a profile text before it is stored: throws to refuse it (e.g. 400 CONTENT_RISKY naming the field). */
export type ProfileTextCheck = (userId: number, field: 'nickname', text: string) => Promise<void>;
/** Starts the (asynchronous) check of an avatar just stored. */
export type ProfileImageCheck = (userId: number, url: string) => Promise<void>;

/**
 * Where a module above auth (moderation) plugs WeChat's content security into the profile: auth calls it without
 * depending on it. Without registered checks (CONTENT_SECURITY=off), profile fields are stored as given.
 */
@Injectable()
export class ProfileChecks {
  private checks?: { nickname: ProfileTextCheck; avatar: ProfileImageCheck };

  register(checks: { nickname: ProfileTextCheck; avatar: ProfileImageCheck }): void {
    if (this.checks) throw new Error('profile checks are already registered');
    this.checks = checks;
  }

  async nickname(userId: number, text: string): Promise<void> {
    if (this.checks && text.trim() !== '') await this.checks.nickname(userId, 'nickname', text);
  }

  async avatar(userId: number, url: string): Promise<void> {
    if (this.checks && url !== '') await this.checks.avatar(userId, url);
  }
}
