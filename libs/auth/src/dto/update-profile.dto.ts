import { IsOptional } from 'class-validator';
import { IsImageRef, IsText } from '@app/common';

export class UpdateProfileDto {
  @IsOptional()
  @IsText(1, 32)
  nickname?: string;

  @IsOptional()
  @IsImageRef()
  avatarUrl?: string;
}

export class BindPhoneDto {
  /** The code from <button open-type="getPhoneNumber">. */
  @IsText(1, 128)
  code!: string;
}
