import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { IdPipe } from '@app/common';
import { CategoriesService } from './categories.service';
import type { CategoryView } from './dto/catalog.mappers';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('admin')
@Controller('admin/categories')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Every category (hidden ones too) as a tree. */
  @Get()
  @AdminAuth('viewer')
  tree(): Promise<CategoryView[]> {
    return this.categories.adminTree();
  }

  @Get(':id')
  @AdminAuth('viewer')
  get(@Param('id', IdPipe) id: number): Promise<CategoryView> {
    return this.categories.get(id);
  }

  @Post()
  @AdminAuth('operator')
  create(@Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(dto);
  }

  @Patch(':id')
  @AdminAuth('operator')
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.categories.update(id, dto);
  }

  /** 409 CATEGORY_NOT_EMPTY while it has subcategories or products. */
  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.categories.remove(id);
  }
}
