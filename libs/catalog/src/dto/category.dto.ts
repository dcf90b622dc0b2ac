import { PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { IsId, IsImageRef, IsText } from '@app/common';
import { IsSort, Optional } from './validators';

export class CreateCategoryDto {
  @IsText(1, 32)
  name!: string;

  /** A top-level category's id (creates a subcategory); omit or null for a top-level category. */
  @IsOptional()
  @IsId()
  parentId?: number | null;

  @Optional()
  @IsImageRef()
  iconUrl?: string;

  /** Ascending display order. */
  @IsSort()
  sort?: number;

  @Optional()
  @IsBoolean()
  isVisible?: boolean;
}

export class UpdateCategoryDto extends PartialType(CreateCategoryDto, { skipNullProperties: false }) {}
