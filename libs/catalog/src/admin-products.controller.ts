import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { BodyLimit, IdPipe, type Page } from '@app/common';
import { CatalogQueryService } from './catalog-query.service';
import type { AdminProductListItem, AdminProductView } from './dto/catalog.mappers';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { AdminProductListQuery } from './dto/product-query.dto';
import { ProductsService } from './products.service';

// A product at its matrix limits (200 SKUs with codes, images and CJK spec values) is about 190 KB of JSON.
const PRODUCT_BODY_KB = 512;

@ApiTags('admin')
@Controller('admin/products')
export class AdminProductsController {
  constructor(
    private readonly products: ProductsService,
    private readonly catalog: CatalogQueryService,
  ) {}

  @Get()
  @AdminAuth('viewer')
  list(@Query() q: AdminProductListQuery): Promise<Page<AdminProductListItem>> {
    return this.catalog.adminList(q);
  }

  @Get(':id')
  @AdminAuth('viewer')
  get(@Param('id', IdPipe) id: number): Promise<AdminProductView> {
    return this.catalog.adminDetail(undefined, id);
  }

  /** The whole document: SPU, specs and SKU matrix (each SKU's `stock` is its initial stock). */
  @Post()
  @AdminAuth('operator')
  @BodyLimit(PRODUCT_BODY_KB)
  create(@Body() dto: CreateProductDto): Promise<AdminProductView> {
    return this.products.create(dto);
  }

  /** Fields given are changed; `specs` + `skus` together replace the matrix (SKUs with `id` keep id and stock). */
  @Patch(':id')
  @AdminAuth('operator')
  @BodyLimit(PRODUCT_BODY_KB)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateProductDto): Promise<AdminProductView> {
    return this.products.update(id, dto);
  }

  /** Soft delete. */
  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.products.remove(id);
  }
}
