import { Injectable } from '@nestjs/common';

/** Checks a profile text before it is stored: throws to refuse it (e.g. 400 CONTENT_RISKY naming the field). */
export type ProfileTextCheck = (userId: number, field: 'nickname', text: string) => Promise<void>;

/**
 * Where a module above auth (moderation) plugs WeChat's content security into the profile: auth calls it without
 * depending on it. Without a registered check (CONTENT_SECURITY=off), profile text is stored as given.
 */
@Injectable()
export class ProfileChecks {
  private check?: ProfileTextCheck;

  register(check: ProfileTextCheck): void {
    if (this.check) throw new Error('a profile text check is already registered');
    this.check = check;
  }

  async nickname(userId: number, text: string): Promise<void> {
    if (this.check && text.trim() !== '') await this.check(userId, 'nickname', text);
  }
}
