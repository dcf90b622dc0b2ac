import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { ApiErrors, IdPipe } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CatalogQueryService } from './catalog-query.service';
import { ProductListQuery } from './dto/product-query.dto';
import { SearchWordsService } from './search-words.service';
import type { ProductCardPage, ShopperProductView } from './dto/product-view.dto';

@ApiTags('catalog')
@Controller('products')
@Public()
export class ProductsController {
  constructor(
    private readonly catalog: CatalogQueryService,
    private readonly words: SearchWordsService,
  ) {}

  /** On-sale products (listing columns only), by category, keyword (a search: counted for the popular words), price and sort. */
  @Get()
  @ApiOperation({ operationId: 'listProducts' })
  list(@Query() q: ProductListQuery): Promise<ProductCardPage> {
    if (q.keyword && (q.page ?? 1) === 1) this.words.count(q.keyword);
    return this.catalog.shopperList(q);
  }

  /**
   * An on-sale product with its specs and enabled SKUs.
   * @remarks 404 when it is off sale or deleted.
   */
  @Get(':id')
  @ApiOperation({ operationId: 'getProduct' })
  @ApiErrors(CatalogErrors.productNotFound)
  get(@Param('id', IdPipe) id: number): Promise<ShopperProductView> {
    return this.catalog.shopperDetail(id);
  }
}
