import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CategoriesService } from './categories.service';
import { type CategoryView, CreateCategoryDto, UpdateCategoryDto } from './dto/category.dto';

@ApiTags('admin')
@Controller('admin/categories')
export class AdminCategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Every category (hidden ones too) as a tree. */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListCategories' })
  tree(): Promise<CategoryView[]> {
    return this.categories.adminTree();
  }

  /** One category. */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetCategory' })
  @ApiErrors(CatalogErrors.categoryNotFound)
  get(@Param('id', IdPipe) id: number): Promise<CategoryView> {
    return this.categories.get(id);
  }

  /** Create a category; with parentId, a subcategory (two levels). */
  @Post()
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminCreateCategory' })
  @ApiErrors(CatalogErrors.categoryDepth, CatalogErrors.categoryHasProducts)
  create(@Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(dto);
  }

  /** Change a category (fields given). */
  @Patch(':id')
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminUpdateCategory' })
  @ApiErrors(CatalogErrors.categoryNotFound, CatalogErrors.categoryDepth, CatalogErrors.categoryHasProducts)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.categories.update(id, dto);
  }

  /** Delete an empty category. */
  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDeleteCategory' })
  @ApiErrors(CatalogErrors.categoryNotFound, CatalogErrors.categoryNotEmpty)
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.categories.remove(id);
  }
}
