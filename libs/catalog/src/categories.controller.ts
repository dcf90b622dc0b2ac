import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { CategoriesService } from './categories.service';
import type { CategoryView } from './dto/category.dto';

@ApiTags('catalog')
@Controller('categories')
@Public()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Visible categories as a tree (top level with children), in sort order. */
  @Get()
  @ApiOperation({ operationId: 'listCategories' })
  tree(): Promise<CategoryView[]> {
    return this.categories.visibleTree();
  }
}
