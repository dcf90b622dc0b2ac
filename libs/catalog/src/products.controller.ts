import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { ApiErrors, IdPipe, sendJson } from '@app/common';
import { CatalogErrors } from './catalog.errors';
import { CatalogQueryService } from './catalog-query.service';
import { ProductListQuery } from './dto/product-query.dto';
import { SearchWordsService } from './search-words.service';
import { ProductCardPage, ShopperProductView } from './dto/product-view.dto';

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
  @ApiOkResponse({ type: ProductCardPage })
  async list(@Query() q: ProductListQuery, @Res() reply: FastifyReply): Promise<void> {
    if (q.keyword && (q.page ?? 1) === 1) this.words.count(q.keyword);
    sendJson(reply, await this.catalog.shopperList(q)); // the cached JSON body, as it is (@ApiOkResponse: its type)
  }

  /**
   * An on-sale product with its specs and enabled SKUs.
   * @remarks 404 when it is off sale or deleted.
   */
  @Get(':id')
  @ApiOperation({ operationId: 'getProduct' })
  @ApiErrors(CatalogErrors.productNotFound)
  @ApiOkResponse({ type: ShopperProductView })
  async get(@Param('id', IdPipe) id: number, @Res() reply: FastifyReply): Promise<void> {
    sendJson(reply, await this.catalog.shopperDetail(id)); // the cached JSON body, as it is
  }
}
