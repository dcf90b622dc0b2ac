import { IsBoolean } from 'class-validator';
import { Clearable, IsId, IsImageRef, IsText, Optional, PartialDto } from '@app/common';
import { IsSort } from './validators';

export class CreateCategoryDto {
  @IsText(1, 32)
  name!: string;

  /** A top-level category's id (creates a subcategory); omit or null for a top-level category. */
  @Clearable()
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

export class UpdateCategoryDto extends PartialDto(CreateCategoryDto) {}

export class CategoryView {
  id!: number;
  parentId!: number | null;
  name!: string;
  iconUrl!: string;
  sort!: number;
  isVisible!: boolean;
  /** Subcategories (top-level categories only), in sort order. */
  children?: CategoryView[];
}
