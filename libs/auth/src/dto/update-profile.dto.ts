import { IsImageRef, IsText, Optional } from '@app/common';

export class UpdateProfileDto {
  @Optional()
  @IsText(1, 32)
  nickname?: string;

  @Optional()
  @IsImageRef()
  avatarUrl?: string;
}

export class BindPhoneDto {
  /** The code from <button open-type="getPhoneNumber">. */
  @IsText(1, 128)
  code!: string;
}

export class ProfileView {
  id!: number;
  nickname!: string;
  avatarUrl!: string;
  /** The user's own bound phone number (never logged in full). */
  phone!: string | null;
  /**
   * The shopper's user id at the shop's existing backend (README "Identities from an existing backend"): the `sub` of
   * its token, or what its login bridge answered; null when not linked (or no backend is configured).
   */
  externalId!: string | null;
  createdAt!: string;
}
