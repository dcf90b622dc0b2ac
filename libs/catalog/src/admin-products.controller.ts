import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuth } from '@app/auth';
import { ApiErrors, BodyLimit, IdPipe } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CatalogQueryService } from './catalog-query.service';
import { CreateProductDto, UpdateProductDto } from './dto/product.dto';
import { AdminProductListQuery } from './dto/product-query.dto';
import type { AdminProductPage, AdminProductView } from './dto/product-view.dto';
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

  /** Products in every status (deleted ones excepted). */
  @Get()
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminListProducts' })
  list(@Query() q: AdminProductListQuery): Promise<AdminProductPage> {
    return this.catalog.adminList(q);
  }

  /** One product's whole document: SPU, specs, SKUs (disabled ones apart). */
  @Get(':id')
  @AdminAuth('viewer')
  @ApiOperation({ operationId: 'adminGetProduct' })
  @ApiErrors(CatalogErrors.productNotFound)
  get(@Param('id', IdPipe) id: number): Promise<AdminProductView> {
    return this.catalog.adminDetail(undefined, id);
  }

  /** Create a product: SPU, specs and SKU matrix in one document (each SKU's `stock` is its initial stock). */
  @Post()
  @AdminAuth('operator')
  @BodyLimit(PRODUCT_BODY_KB)
  @ApiOperation({ operationId: 'adminCreateProduct' })
  @ApiErrors(CatalogErrors.categoryNotLeaf, CatalogErrors.productNotSellable)
  create(@Body() dto: CreateProductDto): Promise<AdminProductView> {
    return this.products.create(dto);
  }

  /**
   * Change a product (fields given).
   * @remarks `specs` and `skus` together replace the matrix: SKUs sent with their `id` keep id and stock, new ones
   * take `stock` as initial stock, SKUs left out are disabled.
   */
  @Patch(':id')
  @AdminAuth('operator')
  @BodyLimit(PRODUCT_BODY_KB)
  @ApiOperation({ operationId: 'adminUpdateProduct' })
  @ApiErrors(CatalogErrors.productNotFound, CatalogErrors.categoryNotLeaf, CatalogErrors.productNotSellable)
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateProductDto): Promise<AdminProductView> {
    return this.products.update(id, dto);
  }

  /** Delete a product (soft: orders keep their snapshots). */
  @Delete(':id')
  @HttpCode(204)
  @AdminAuth('operator')
  @ApiOperation({ operationId: 'adminDeleteProduct' })
  @ApiErrors(CatalogErrors.productNotFound)
  remove(@Param('id', IdPipe) id: number): Promise<void> {
    return this.products.remove(id);
  }
}
