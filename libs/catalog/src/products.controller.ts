import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { IdPipe, type Page } from '@app/common';
import { CatalogQueryService } from './catalog-query.service';
import type { ProductCard, ShopperProductView } from './dto/catalog.mappers';
import { ProductListQuery } from './dto/product-query.dto';

@ApiTags('catalog')
@Controller('products')
@Public()
export class ProductsController {
  constructor(private readonly catalog: CatalogQueryService) {}

  /** On-sale products (listing columns only). */
  @Get()
  list(@Query() q: ProductListQuery): Promise<Page<ProductCard>> {
    return this.catalog.shopperList(q);
  }

  /** An on-sale product with specs and enabled SKUs; 404 when off sale or deleted. */
  @Get(':id')
  get(@Param('id', IdPipe) id: number): Promise<ShopperProductView> {
    return this.catalog.shopperDetail(id);
  }
}
