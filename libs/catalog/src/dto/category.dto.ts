import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsId, IsImageRef, IsText } from '@app/common';

export class CreateCategoryDto {
  @IsText(1, 32)
  name!: string;

  /** A top-level category's id (creates a subcategory); omit or null for a top-level category. */
  @IsOptional()
  @IsId()
  parentId?: number | null;

  @IsOptional()
  @IsImageRef()
  iconUrl?: string;

  /** Ascending display order among siblings. */
  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  sort?: number;

  @IsOptional()
  @IsBoolean()
  isVisible?: boolean;
}

export class UpdateCategoryDto extends PartialType(CreateCategoryDto) {}
